/**
 * Hand-written CloudFormation templates for the access map tests: a REST API with its resources,
 * methods, one stage and a resource policy, and IAM roles with inline policies. The map is built
 * from the template exactly as the checks and the CLI build it.
 */
import { buildAccessMap, AccessMapMethod, AccessMapOptions } from '../../../src/analysis/access-map';
import { buildPeerModels } from '../../../src/analysis/template/access-model';
import { CfnTemplate, stackEnvironment } from '../../../src/analysis/template/intrinsics';

export const ACCOUNT = '111111111111';
export const REGION = 'eu-west-1';
/** The environment of the one stack, `Shop`, of the apps these tests build. */
export const SHOP_ENV = stackEnvironment('Shop', ACCOUNT, REGION);

export interface MethodSpec {
  readonly verb: string;
  readonly path: string;
  readonly auth?: string;
  /** The logical id of the method's authorizer (an extra resource). */
  readonly authorizer?: string;
  readonly apiKeyRequired?: boolean;
}

export interface AppSpec {
  readonly endpointType?: 'EDGE' | 'REGIONAL' | 'PRIVATE';
  readonly policy?: unknown;
  readonly methods: readonly MethodSpec[];
  readonly stages?: readonly string[];
  /** Role logical id -> inline policy documents. */
  readonly roles?: Record<string, readonly unknown[]>;
  /** Extra resources. */
  readonly resources?: Record<string, unknown>;
}

/** The template of the app. */
export function templateOf(spec: AppSpec): CfnTemplate {
  const resources: Record<string, any> = {
    Api: {
      Type: 'AWS::ApiGateway::RestApi',
      Properties: {
        Name: 'shop',
        ...(spec.endpointType ? { EndpointConfiguration: { Types: [spec.endpointType] } } : {}),
        ...(spec.policy ? { Policy: spec.policy } : {}),
      },
    },
  };
  const idOf = new Map<string, string>();
  const resourceFor = (path: string): unknown => {
    if (path === '/') return { 'Fn::GetAtt': ['Api', 'RootResourceId'] };
    const known = idOf.get(path);
    if (known) return { Ref: known };
    const parts = path.slice(1).split('/');
    const parent = parts.length === 1 ? '/' : `/${parts.slice(0, -1).join('/')}`;
    const id = `Res${idOf.size}`;
    idOf.set(path, id);
    resources[id] = {
      Type: 'AWS::ApiGateway::Resource',
      Properties: { RestApiId: { Ref: 'Api' }, ParentId: resourceFor(parent), PathPart: parts[parts.length - 1] },
    };
    return { Ref: id };
  };
  spec.methods.forEach((m, i) => {
    resources[`Method${i}`] = {
      Type: 'AWS::ApiGateway::Method',
      Properties: {
        RestApiId: { Ref: 'Api' },
        ResourceId: resourceFor(m.path),
        HttpMethod: m.verb,
        AuthorizationType: m.auth ?? 'NONE',
        ...(m.authorizer ? { AuthorizerId: { Ref: m.authorizer } } : {}),
        ...(m.apiKeyRequired ? { ApiKeyRequired: true } : {}),
        Integration: { Type: 'MOCK' },
      },
    };
  });
  (spec.stages ?? ['prod']).forEach((stage, i) => {
    resources[`Stage${i}`] = { Type: 'AWS::ApiGateway::Stage', Properties: { RestApiId: { Ref: 'Api' }, StageName: stage } };
  });
  for (const [role, policies] of Object.entries(spec.roles ?? {})) {
    resources[role] = {
      Type: 'AWS::IAM::Role',
      Properties: {
        RoleName: role.toLowerCase(),
        AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] },
        Policies: policies.map((document, i) => ({ PolicyName: `${role}Policy${i}`, PolicyDocument: document })),
      },
    };
  }
  Object.assign(resources, spec.resources ?? {});
  return { Resources: resources };
}

/** The map of the app (one stack, `Shop`, in account 111111111111). */
export function mapOf(spec: AppSpec, options?: AccessMapOptions) {
  const models = buildPeerModels([{ template: templateOf(spec), env: SHOP_ENV }]);
  return buildAccessMap(models, options);
}

/** The one method of the map with this verb and path (first stage). */
export function methodOf(spec: AppSpec, verb: string, path: string, options?: AccessMapOptions): AccessMapMethod {
  const { document } = mapOf(spec, options);
  const m = document.apis[0].methods.find(x => x.httpMethod === verb && x.path === path);
  if (!m) throw new Error(`no method ${verb} ${path}`);
  return m;
}

/** The symbolic API id the model gives the API (`Ref: Api`). */
export function apiArn(rest: string): string {
  return `arn:aws:execute-api:${REGION}:${ACCOUNT}:*/${rest}`;
}
