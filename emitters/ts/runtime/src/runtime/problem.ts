// RFC 9457 problem details, as docs/contract.md and docs/conventions.md
// fix them: reason-phrase titles, about:blank, 422 details that count
// fields, at most 100 listed errors.

export interface FieldError {
  field: string;
  code: string;
  message: string;
}

export const REASONS: Readonly<Record<number, string>> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  408: "Request Timeout",
  409: "Conflict",
  413: "Content Too Large",
  414: "URI Too Long",
  415: "Unsupported Media Type",
  422: "Unprocessable Content",
  431: "Request Header Fields Too Large",
  500: "Internal Server Error",
  501: "Not Implemented",
  503: "Service Unavailable",
};

/** An error that answers the request with a problem. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly errors?: FieldError[],
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(detail);
    this.name = "HttpError";
  }
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: FieldError[];
}

export function problem(
  status: number,
  detail: string,
  errors?: FieldError[],
): Problem {
  const p: Problem = {
    type: "about:blank",
    title: REASONS[status] ?? "Error",
    status,
    detail,
  };
  if (errors !== undefined) p.errors = errors.slice(0, 100);
  return p;
}

export function invalid(errors: FieldError[]): HttpError {
  const n = errors.length;
  return new HttpError(
    422,
    n === 1 ? "1 field is invalid" : `${String(n)} fields are invalid`,
    errors,
  );
}

export function conflict(
  errors: FieldError[],
  detail = "the request conflicts with existing data",
): HttpError {
  return new HttpError(409, detail, errors);
}

export const notFound = (): HttpError => new HttpError(404, "not found");
export const badRequest = (detail: string): HttpError =>
  new HttpError(400, detail);
export const unauthorized = (detail = "authentication required"): HttpError =>
  new HttpError(401, detail, undefined, { "WWW-Authenticate": "Bearer" });
export const forbidden = (): HttpError => new HttpError(403, "not allowed");
export const notImplemented = (what: string): HttpError =>
  new HttpError(501, `${what} is not implemented yet`);
export const unavailable = (): HttpError =>
  new HttpError(503, "the database is unavailable", undefined, {
    "Retry-After": "1",
  });
