/** A reason to tell the admin, as a translation key and its `{{params}}`. */
export interface Problem {
  message: string;
  params?: Record<string, string>;
}

export const problem = (message: string, params?: Record<string, string>): Problem => ({ message, params });

/** Thrown inside a send for bad input or setup; the channel turns it into a `failure` with the translated reason. */
export class ChannelProblem extends Error {
  constructor(readonly problem: Problem) {
    super(problem.message);
    this.name = 'ChannelProblem';
  }
}
