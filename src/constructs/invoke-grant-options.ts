import * as apigateway from 'aws-cdk-lib/aws-apigateway';

/** Which of the given methods and which stages an invoke grant covers. Filters combine. */
export interface MethodGrantOptions {
  /**
   * Resource paths to keep, as API Gateway shows them: `/pets`, `/pets/{id}`; `*` matches any
   * characters, so `/pets/*` keeps everything below `/pets` and `*` keeps every path.
   *
   * @default - every path
   */
  readonly paths?: string[];
  /**
   * HTTP methods to keep (`GET`, `POST`, ..., `ANY` for methods defined as ANY, `*` for all).
   *
   * @default - every HTTP method
   */
  readonly httpMethods?: string[];
  /**
   * Stage names the grant covers (`*` for every stage).
   *
   * @default - the API's deployment stage
   */
  readonly stages?: string[];
}

/** Which methods and stages an invoke grant covers. Filters combine: a method must pass all of them. */
export interface InvokeGrantOptions extends MethodGrantOptions {
  /**
   * The methods to grant. Each must belong to the API and use AWS_IAM authorization: a grant on
   * a method of another authorization type would have no effect, so it is an error.
   *
   * @default - every AWS_IAM method of the API that passes the other filters
   */
  readonly methods?: apigateway.Method[];
}
