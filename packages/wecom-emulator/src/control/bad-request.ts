/** A control-API input problem; answered with HTTP 400 and `{ "error": message, "problems"?: [...] }`. */
export class BadRequest extends Error {
  constructor(
    message: string,
    /** Each problem with the path of the field it is about. */
    public readonly problems?: readonly string[],
  ) {
    super(message);
    this.name = 'BadRequest';
  }
}
