/** A control-API input problem; answered with HTTP 400 and `{ "error": message }`. */
export class BadRequest extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BadRequest';
  }
}
