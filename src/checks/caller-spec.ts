import { IConstruct } from 'constructs';

/** What kind of caller an AccessCaller stands for (internal). */
export enum CallerKind {
  PRINCIPAL = 'principal',
  ARN = 'arn',
  ACCOUNT = 'account',
  ANONYMOUS = 'anonymous',
}

/** The internal shape of a caller: an ARN or account (possibly a token) and how to name it. */
export interface CallerSpec {
  readonly kind: CallerKind;
  /** The principal's ARN (PRINCIPAL, ARN) or account id (ACCOUNT); may be a token. */
  readonly value?: string;
  /** The construct whose stack resolves `value` (PRINCIPAL). */
  readonly scope?: IConstruct;
  /** How expectations and reports name the caller. */
  readonly label: string;
}
