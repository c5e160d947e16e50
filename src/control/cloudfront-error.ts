// A CloudFront API error: the code AWS answers with, its message and HTTP status. The status comes from the
// API model's error table unless given (codes outside the model, e.g. `MalformedInput`, default to 400).

export class CloudFrontError extends Error {
  override readonly name = 'CloudFrontError';
  readonly code: string;
  readonly status: number | undefined;
  constructor(code: string, message: string, status?: number) {
    super(message);
    this.code = code;
    this.status = status;
  }
}
