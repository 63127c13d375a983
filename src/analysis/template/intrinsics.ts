/**
 * Symbolic resolution of CloudFormation intrinsic functions.
 *
 * A synthesized template says `{"Fn::GetAtt": ["ReaderF7BF189D", "Arn"]}` where the deployed stack will
 * have `arn:aws:iam::111111111111:role/Stack-ReaderF7BF-1X2Y3Z`. The checks do not need the real value:
 * they need one value per resource, used consistently on the policy side and the request side, so
 * that a policy written with tokens matches the request built for the same resource. Every resource
 * gets such a symbolic identity (its physical name when the template sets one), and the pseudo
 * parameters take the stack's environment when it is concrete, else placeholders.
 *
 * An identity the template does not set is made the way CloudFormation makes it: a resource without a
 * name is named `<stack name>-<logical id>-<unique suffix>` ("By default, CloudFormation generates a
 * unique physical ID to name a resource. For example, ... MyStack-MyBucket-abcdefghijk1", CloudFormation
 * template reference, "CloudFormation resource custom naming"), and ids such as a REST API's or a VPC
 * endpoint's are unique. The same template deployed as two stacks (one Stack class in a Beta and a Prod
 * Stage) therefore gets two sets of identities: a grant or a Deny naming one stack's role or API never
 * reaches the other's. The suffix is a digest of the stack (partition, account, region, name) and the
 * logical id, so the identities are deterministic: the same app gives the same ids.
 *
 * What has no symbolic meaning (a template parameter, a condition, an import that no stack exports)
 * throws `UnresolvedValueError`: the caller turns it into a CannotEvaluate finding, never a guess.
 *
 * Return values of Ref and Fn::GetAtt per resource type follow the CloudFormation template reference
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-template-resource-type-ref.html).
 */
import { createHash } from 'crypto';
import { partitionOfRegion } from '../../evaluator/internal';

/** A CloudFormation template, as far as the checks read it. */
export interface CfnTemplate {
  readonly Resources?: Record<string, CfnResourceEntry>;
  readonly Parameters?: Record<string, unknown>;
  readonly Mappings?: Record<string, Record<string, Record<string, unknown>>>;
  readonly Outputs?: Record<string, { readonly Value?: unknown; readonly Export?: { readonly Name?: unknown } }>;
  readonly Conditions?: Record<string, unknown>;
}

/** One entry of a template's Resources section. */
export interface CfnResourceEntry {
  readonly Type: string;
  /** The name of the condition that decides whether the resource is created. */
  readonly Condition?: unknown;
  readonly Properties?: Record<string, unknown>;
  readonly Metadata?: Record<string, unknown>;
}

/** The stack's environment after resolution: concrete values or consistent placeholders. */
export interface StackEnvironment {
  readonly account: string;
  readonly region: string;
  readonly partition: string;
  readonly urlSuffix: string;
  readonly stackName: string;
  /** True when account and region came from the stack itself, not from placeholders. */
  readonly concrete: boolean;
  /**
   * What tells this stack's resources apart from those of another stack of the app with the same
   * name in the same (or the same placeholder) environment, e.g. two environment-agnostic stacks given
   * one stackName. Absent when the stack name alone does.
   */
  readonly duplicate?: number;
}

/** Account used for AWS::AccountId when the stack is environment-agnostic. */
export const PLACEHOLDER_ACCOUNT = '123456789012';
/** Region used for AWS::Region when the stack is environment-agnostic. */
export const PLACEHOLDER_REGION = 'us-east-1';

/** Builds a stack environment, filling what is unknown with placeholders. */
export function stackEnvironment(stackName: string, account?: string, region?: string): StackEnvironment {
  const concreteAccount = account !== undefined && /^\d{12}$/.test(account);
  const concreteRegion = region !== undefined && /^[a-z]{2}(-[a-z]+)+-\d+$/.test(region);
  const r = concreteRegion ? region! : PLACEHOLDER_REGION;
  const partition = partitionOfRegion(r);
  return {
    account: concreteAccount ? account! : PLACEHOLDER_ACCOUNT,
    region: r,
    partition,
    urlSuffix: partition === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com',
    stackName,
    concrete: concreteAccount && concreteRegion,
  };
}

/** A value the checks cannot give a symbolic meaning to. */
export class UnresolvedValueError extends Error {
  constructor(public readonly path: string, public readonly what: string) {
    super(`${path}: ${what}`);
    this.name = 'UnresolvedValueError';
  }
}

/**
 * Runs `read`; a value without symbolic meaning becomes a problem on `logicalId` (reported, never
 * dropped silently) and the answer is undefined, so the caller analyses everything else.
 */
export function readOrReport<T>(problems: Array<{ logicalId: string; what: string }>, logicalId: string, read: () => T): T | undefined {
  try {
    return read();
  } catch (e) {
    if (e instanceof UnresolvedValueError) {
      problems.push({ logicalId, what: e.message });
      return undefined;
    }
    throw e;
  }
}

/** Looks up what another stack exports (Fn::ImportValue), resolved in the exporting stack. */
export type ImportLookup = (exportName: string) => unknown;

/** How a template's values link to the templates around it (nested stacks). */
export interface ResolverLinks {
  /**
   * The value the parent stack passes to a parameter of this nested template (already resolved in the
   * parent), or undefined when it passes none.
   */
  readonly parameter?: (name: string) => unknown;
  /** The value of output `output` of the nested stack this template's resource `logicalId` creates. */
  readonly nestedOutput?: (logicalId: string, output: string) => unknown;
  /**
   * The value of each condition in the way of the conditions being analyzed (one branch of them). A
   * condition not named here is evaluated from the template, when it can be without deployment values.
   */
  readonly conditions?: ReadonlyMap<string, boolean>;
  /**
   * The value of each template parameter in the branch being analyzed: a value it may be deployed
   * with, or a value equal to none of `noneOf` (a class of values: only comparisons can read it).
   */
  readonly parameters?: ReadonlyMap<string, ParameterClass>;
}

/** A class of values of a template parameter: one value, or any value but those listed. */
export interface ParameterClass {
  readonly value?: string;
  readonly noneOf?: readonly string[];
}

/** How a branch says a parameter's class: `parameter Env is "prod"`, `parameter Env is none of "prod", "dev"`. */
export function describeParameterClass(name: string, c: ParameterClass): string {
  return `parameter ${name} is ${classPhrase(c)}`;
}

/** `"prod"`, `none of "prod", "dev"`, or `any value`. */
function classPhrase(c: ParameterClass): string {
  if (c.value !== undefined) return JSON.stringify(c.value);
  const none = c.noneOf ?? [];
  return none.length === 0 ? 'any value' : `none of ${none.map(v => JSON.stringify(v)).join(', ')}`;
}

/** A parameter in a comparison of the branch where its value is none of some literals. */
class OtherValue {
  constructor(public readonly parameter: string, public readonly noneOf: readonly string[]) {}
}

/** `AWS::NoValue`: the property is removed. */
const NO_VALUE = Symbol('AWS::NoValue');

/** Resolves the intrinsics of one template against its stack environment. */
/**
 * How many conditions naming each other are followed (CloudFormation's own templates nest a few);
 * beyond, the condition is unresolved rather than a stack overflow.
 */
const MAX_CONDITION_DEPTH = 64;

export class IntrinsicResolver {
  private readonly resources: Record<string, CfnResourceEntry>;
  /**
   * Conditions already evaluated in this branch: conditions that name the same conditions several
   * times over (C0 = Fn::And [C1, C2], C1 = Fn::And [C2, C3], ...) were evaluated once per path,
   * exponentially many times.
   */
  private readonly conditionValues = new Map<string, boolean>();

  constructor(
    public readonly template: CfnTemplate,
    public readonly env: StackEnvironment,
    private readonly importValue?: ImportLookup,
    private readonly links: ResolverLinks = {},
  ) {
    this.resources = template.Resources ?? {};
  }

  /** Resolves any template value to plain JSON (strings, numbers, booleans, lists, objects). */
  public resolve(value: unknown, path: string): unknown {
    const resolved = this.resolveAny(value, path);
    return resolved === NO_VALUE ? undefined : resolved;
  }

  /** Resolves a value that must be a string. */
  public resolveString(value: unknown, path: string): string {
    const resolved = this.resolve(value, path);
    if (typeof resolved === 'string') return resolved;
    if (typeof resolved === 'number' || typeof resolved === 'boolean') return String(resolved);
    throw new UnresolvedValueError(path, `expected a string, found ${describe(resolved)}`);
  }

  /** The value `Ref` returns for a resource of the template, symbolically. */
  public refOf(logicalId: string, path: string): string {
    const entry = this.resources[logicalId];
    if (!entry) {
      if (this.template.Parameters && logicalId in this.template.Parameters) {
        throw new UnresolvedValueError(path, `Ref to the template parameter '${logicalId}' (its value is only known at deploy time)`);
      }
      throw new UnresolvedValueError(path, `Ref to '${logicalId}', which is not in the template`);
    }
    const props = entry.Properties ?? {};
    const { account, region, partition } = this.env;
    switch (entry.Type) {
      case 'AWS::IAM::Role':
        return this.physicalName(props.RoleName, logicalId, path, NAME_LIMITS.role);
      case 'AWS::IAM::User':
        return this.physicalName(props.UserName, logicalId, path, NAME_LIMITS.user);
      case 'AWS::IAM::Group':
        return this.physicalName(props.GroupName, logicalId, path, NAME_LIMITS.group);
      case 'AWS::IAM::ManagedPolicy':
        return `arn:${partition}:iam::${account}:policy${this.iamPath(props.Path, path)}${this.physicalName(props.ManagedPolicyName, logicalId, path, NAME_LIMITS.managedPolicy)}`;
      case 'AWS::Lambda::Function':
        return this.physicalName(props.FunctionName, logicalId, path, NAME_LIMITS.function);
      case 'AWS::Lambda::Alias':
        return `${this.functionArn(props.FunctionName, path)}:${this.resolveString(props.Name, `${path}.Name`)}`;
      case 'AWS::Lambda::Version':
        return `${this.functionArn(props.FunctionName, path)}:${logicalId}`;
      case 'AWS::ApiGateway::Stage':
        return this.resolveString(props.StageName, `${logicalId}.StageName`);
      case 'AWS::ApiGateway::RestApi':
        return symbolicApiId(logicalId, this.env);
      case 'AWS::EC2::VPCEndpoint':
        return `vpce-${hexDigest(identityKey(this.env, logicalId), 17)}`;
      case 'AWS::EC2::VPC':
        return `vpc-${hexDigest(identityKey(this.env, logicalId), 17)}`;
      case 'AWS::Cognito::UserPool':
        // User pool ids are `<region>_<9 letters and digits>`.
        return `${region}_${alphanumericDigest(identityKey(this.env, logicalId), 9)}`;
      case 'AWS::SNS::Topic':
        return `arn:${partition}:sns:${region}:${account}:${this.physicalName(props.TopicName, logicalId, path, NAME_LIMITS.topic)}`;
      case 'AWS::SQS::Queue':
        return `https://sqs.${region}.${this.env.urlSuffix}/${account}/${this.physicalName(props.QueueName, logicalId, path, NAME_LIMITS.queue)}`;
      default:
        // Resource, Deployment, Authorizer, Policy and the rest: an opaque id, here the logical id. It
        // is only ever read inside the stack's own REST API (whose id is unique per stack) or compared
        // with the template's own Refs, so it need not be unique across stacks.
        return logicalId;
    }
  }

  /** The value `Fn::GetAtt` returns for a resource attribute, symbolically. */
  public getAtt(logicalId: string, attribute: string, path: string): string {
    const entry = this.resources[logicalId];
    if (!entry) throw new UnresolvedValueError(path, `Fn::GetAtt of '${logicalId}', which is not in the template`);
    const props = entry.Properties ?? {};
    const { account, region, partition } = this.env;
    const name = (): string => this.refOf(logicalId, path);
    if (entry.Type === 'AWS::CloudFormation::Stack' && attribute.startsWith('Outputs.') && this.links.nestedOutput) {
      const value = this.links.nestedOutput(logicalId, attribute.slice('Outputs.'.length));
      if (value === undefined) throw new UnresolvedValueError(path, `the nested stack '${logicalId}' has no output '${attribute.slice(8)}' that can be read`);
      return this.asString(value, path);
    }
    switch (`${entry.Type}.${attribute}`) {
      case 'AWS::IAM::Role.Arn':
        return `arn:${partition}:iam::${account}:role${this.iamPath(props.Path, path)}${name()}`;
      case 'AWS::IAM::User.Arn':
        return `arn:${partition}:iam::${account}:user${this.iamPath(props.Path, path)}${name()}`;
      case 'AWS::IAM::Group.Arn':
        return `arn:${partition}:iam::${account}:group${this.iamPath(props.Path, path)}${name()}`;
      case 'AWS::IAM::Role.RoleId':
        // Unique ids are a 4-letter prefix and 17 upper-case letters and digits (IAM user guide, "IAM identifiers").
        return `AROA${upperAlphanumericDigest(identityKey(this.env, logicalId), 17)}`;
      case 'AWS::IAM::User.UserId':
        return `AIDA${upperAlphanumericDigest(identityKey(this.env, logicalId), 17)}`;
      case 'AWS::Lambda::Function.Arn':
        return `arn:${partition}:lambda:${region}:${account}:function:${name()}`;
      case 'AWS::ApiGateway::RestApi.RootResourceId':
        return `${logicalId}.RootResourceId`;
      case 'AWS::ApiGateway::RestApi.RestApiId':
        return symbolicApiId(logicalId, this.env);
      case 'AWS::Cognito::UserPool.Arn':
        return `arn:${partition}:cognito-idp:${region}:${account}:userpool/${name()}`;
      case 'AWS::SNS::Topic.TopicArn':
      case 'AWS::EC2::VPCEndpoint.Id':
      case 'AWS::EC2::VPC.VpcId':
        return this.refOf(logicalId, path);
      // Attributes that return what Ref returns (each type's "Return values"): one identity either way.
      case 'AWS::EC2::VPCEndpoint.Id':
      case 'AWS::EC2::VPC.VpcId':
      case 'AWS::Cognito::UserPool.UserPoolId':
      case 'AWS::SQS::Queue.QueueUrl':
        return this.refOf(logicalId, path);
      case 'AWS::SNS::Topic.TopicName':
        return this.physicalName(props.TopicName, logicalId, path, NAME_LIMITS.topic);
      case 'AWS::SQS::Queue.QueueName':
        return this.physicalName(props.QueueName, logicalId, path, NAME_LIMITS.queue);
      case 'AWS::SQS::Queue.Arn':
        return `arn:${partition}:sqs:${region}:${account}:${this.physicalName(props.QueueName, logicalId, path, NAME_LIMITS.queue)}`;
      case 'AWS::DynamoDB::Table.Arn':
        return `arn:${partition}:dynamodb:${region}:${account}:table/${this.physicalName(props.TableName, logicalId, path, NAME_LIMITS.table)}`;
      case 'AWS::S3::Bucket.Arn':
        return `arn:${partition}:s3:::${this.physicalName(props.BucketName, logicalId, path, NAME_LIMITS.bucket).toLowerCase()}`;
      default: {
        // An attribute the checks give no meaning to: still one consistent symbol for it, unique to the
        // stack like the resource, and shaped as an ARN when it is one (a policy naming it must stay a
        // valid policy).
        const unique = `${generatedName(this.env, logicalId, NAME_LIMITS.other)}.${attribute}`;
        if (/Arn$/.test(attribute)) {
          const [, service, type] = entry.Type.split('::');
          return `arn:${partition}:${(service ?? 'unknown').toLowerCase()}:${region}:${account}:${(type ?? 'resource').toLowerCase()}/${unique}`;
        }
        return unique;
      }
    }
  }

  private resolveAny(value: unknown, path: string): unknown {
    if (value === null || typeof value !== 'object') return value;
    if (Array.isArray(value)) {
      return value
        .map((v, i) => this.resolveAny(v, `${path}[${i}]`))
        .filter(v => v !== NO_VALUE);
    }
    const obj = value as Record<string, unknown>;
    const keys = Object.keys(obj);
    if (keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::'))) {
      return this.resolveIntrinsic(keys[0], obj[keys[0]], path);
    }
    const out: Record<string, unknown> = {};
    for (const key of keys) {
      const v = this.resolveAny(obj[key], `${path}.${key}`);
      if (v !== NO_VALUE) out[key] = v;
    }
    return out;
  }

  private resolveIntrinsic(fn: string, arg: unknown, path: string): unknown {
    const where = `${path}.${fn}`;
    switch (fn) {
      case 'Ref':
        if (typeof arg !== 'string') throw new UnresolvedValueError(where, 'Ref needs a logical id');
        return arg === 'AWS::NoValue' ? NO_VALUE : this.pseudo(arg, where) ?? this.parameterValue(arg, where) ?? this.refOf(arg, where);
      case 'Fn::GetAtt': {
        const [logicalId, attribute] = typeof arg === 'string' ? splitOnce(arg, '.') : (arg as unknown[]);
        if (typeof logicalId !== 'string') throw new UnresolvedValueError(where, 'Fn::GetAtt needs a logical id');
        return this.getAtt(logicalId, this.resolveString(attribute, where), where);
      }
      case 'Fn::Join': {
        const [sep, parts] = expectArray(arg, 2, where);
        const list = this.resolveAny(parts, where);
        if (!Array.isArray(list)) throw new UnresolvedValueError(where, 'Fn::Join needs a list');
        return list.map((p, i) => this.asString(p, `${where}[${i}]`)).join(this.resolveString(sep, where));
      }
      case 'Fn::Sub':
        return this.sub(arg, where);
      case 'Fn::Select': {
        const [index, list] = expectArray(arg, 2, where);
        const items = this.resolveAny(list, where);
        const i = Number(this.resolveAny(index, where));
        if (!Array.isArray(items) || !Number.isInteger(i) || i < 0 || i >= items.length) {
          throw new UnresolvedValueError(where, 'Fn::Select index out of range');
        }
        return items[i];
      }
      case 'Fn::Split': {
        const [sep, source] = expectArray(arg, 2, where);
        return this.resolveString(source, where).split(this.resolveString(sep, where));
      }
      case 'Fn::FindInMap': {
        const [map, top, second] = expectArray(arg, 3, where).map((a, i) => this.resolveString(a, `${where}[${i}]`));
        const found = this.template.Mappings?.[map]?.[top]?.[second];
        if (found === undefined) throw new UnresolvedValueError(where, `no mapping ${map}.${top}.${second}`);
        return this.resolveAny(found, where);
      }
      case 'Fn::If': {
        const [condition, whenTrue, whenFalse] = expectArray(arg, 3, where);
        const name = this.resolveString(condition, `${where}[0]`);
        return this.resolveAny(this.condition(name, where) ? whenTrue : whenFalse, where);
      }
      case 'Fn::ImportValue': {
        const name = this.resolveString(arg, where);
        const imported = this.importValue?.(name);
        if (imported === undefined) {
          throw new UnresolvedValueError(where, `Fn::ImportValue '${name}' is not exported by a stack of the app`);
        }
        return imported;
      }
      default:
        throw new UnresolvedValueError(where, `${fn} has no value until deployment`);
    }
  }

  private sub(arg: unknown, where: string): string {
    const [text, variables] = typeof arg === 'string' ? [arg, {}] : expectArray(arg, 2, where);
    if (typeof text !== 'string') throw new UnresolvedValueError(where, 'Fn::Sub needs a string');
    const vars = (variables ?? {}) as Record<string, unknown>;
    return text.replace(/\$\{([^}]*)\}/g, (_whole, name: string) => {
      if (name.startsWith('!')) return `\${${name.slice(1)}}`; // ${!Literal} is the literal text ${Literal}
      if (name in vars) return this.resolveString(vars[name], `${where}.${name}`);
      const pseudo = this.pseudo(name, where);
      if (pseudo !== undefined) return pseudo;
      const dot = name.indexOf('.');
      if (dot > 0) return this.getAtt(name.slice(0, dot), name.slice(dot + 1), where);
      const parameter = this.parameterValue(name, `${where}.${name}`);
      if (parameter !== undefined) return this.asString(parameter, `${where}.${name}`);
      return this.refOf(name, where);
    });
  }

  /**
   * The value of a template condition: from the branch being analyzed, else evaluated (Fn::Equals,
   * Fn::And, Fn::Or, Fn::Not, Condition) when every value in it is known before deployment.
   */
  /** The same resolver, with the template's parameters taking the values of one branch. */
  public withParameters(parameters: ReadonlyMap<string, ParameterClass>): IntrinsicResolver {
    return new IntrinsicResolver(this.template, this.env, this.importValue, { ...this.links, parameters });
  }

  public condition(name: string, path: string, seen: ReadonlySet<string> = new Set()): boolean {
    const assigned = this.links.conditions?.get(name);
    if (assigned !== undefined) return assigned;
    const known = this.conditionValues.get(name);
    if (known !== undefined) return known;
    const definition = this.template.Conditions?.[name];
    if (definition === undefined) throw new UnresolvedValueError(path, `the condition '${name}' is not defined in the template`);
    if (seen.has(name)) throw new UnresolvedValueError(path, `the condition '${name}' depends on itself`);
    if (seen.size >= MAX_CONDITION_DEPTH) {
      throw new UnresolvedValueError(path, `the condition '${name}' is reached through more than ${MAX_CONDITION_DEPTH} conditions naming each other, more than are followed`);
    }
    const value = this.conditionValue(definition, `Conditions.${name}`, new Set([...seen, name]));
    this.conditionValues.set(name, value);
    return value;
  }

  private conditionValue(expression: unknown, path: string, seen: ReadonlySet<string>): boolean {
    const obj = (expression ?? {}) as Record<string, unknown>;
    const [fn] = Object.keys(obj);
    const args = obj[fn];
    const list = () => (Array.isArray(args) ? args : []);
    switch (fn) {
      case 'Fn::Equals': {
        const pseudo = JSON.stringify(args).match(/"AWS::(AccountId|Region|Partition|URLSuffix|StackName|StackId)"/)?.[1];
        if (pseudo !== undefined && (!this.env.concrete || pseudo === 'StackName' || pseudo === 'StackId')) {
          // Placeholders stand for unknown values: a condition on them is unknown, not false.
          throw new UnresolvedValueError(path, `the condition compares AWS::${pseudo}, which is not known before deployment`);
        }
        const [a, b] = expectArray(args, 2, path).map((v, i) => this.comparand(v, `${path}.Fn::Equals[${i}]`));
        if (a instanceof OtherValue || b instanceof OtherValue) return this.compareOther(a, b, path);
        // A parameter's Ref gives a string even for a Number parameter (CloudFormation User Guide,
        // "Parameters", type Number): scalars compare as text.
        if (isScalar(a) && isScalar(b)) return String(a) === String(b);
        return JSON.stringify(a) === JSON.stringify(b);
      }
      case 'Fn::And':
        return list().every((c, i) => this.conditionValue(c, `${path}.Fn::And[${i}]`, seen));
      case 'Fn::Or':
        return list().some((c, i) => this.conditionValue(c, `${path}.Fn::Or[${i}]`, seen));
      case 'Fn::Not':
        return !this.conditionValue(list()[0], `${path}.Fn::Not[0]`, seen);
      case 'Condition':
        return this.condition(this.resolveString(args, path), path, seen);
      default:
        throw new UnresolvedValueError(path, `'${fn}' is not a condition function`);
    }
  }

  /** One side of Fn::Equals: a parameter whose value in this branch is a class of values stays that class. */
  private comparand(value: unknown, path: string): unknown {
    const ref = (value as { Ref?: unknown } | null)?.Ref;
    if (typeof ref === 'string' && Object.keys(value as object).length === 1) {
      const c = this.links.parameters?.get(ref);
      if (c?.value === undefined && c?.noneOf !== undefined) return new OtherValue(ref, c.noneOf);
    }
    return this.resolve(value, path);
  }

  /** A comparison with a value equal to none of some literals: decided only against those literals. */
  private compareOther(a: unknown, b: unknown, path: string): boolean {
    if (a instanceof OtherValue && b instanceof OtherValue && a.parameter === b.parameter) return true;
    const [other, against] = a instanceof OtherValue ? [a, b] : [b as OtherValue, a];
    if ((typeof against === 'string' || typeof against === 'number') && other.noneOf.includes(String(against))) return false;
    throw new UnresolvedValueError(path, `the condition compares the parameter '${other.parameter}' (in the way analyzed, ${classPhrase(other)}) with a value it cannot be told apart from before deployment`);
  }

  /**
   * A parameter's value: the one of the branch being analyzed; else for a nested template what the
   * parent passes, else its Default (CloudFormation uses the default when the parent passes no value).
   * Undefined for a parameter of a template without a parent.
   */
  private parameterValue(name: string, path: string): unknown {
    if (this.resources[name] || !this.template.Parameters || !(name in this.template.Parameters)) return undefined;
    const assigned = this.links.parameters?.get(name);
    if (assigned?.value !== undefined) return assigned.value;
    if (assigned !== undefined) {
      throw new UnresolvedValueError(path, `Ref to the template parameter '${name}' (its value is only known at deploy time: in the way analyzed, ${classPhrase(assigned)})`);
    }
    if (!this.links.parameter) return undefined;
    const passed = this.links.parameter(name);
    if (passed !== undefined) return passed;
    const declared = this.template.Parameters[name] as { Default?: unknown; Type?: unknown } | undefined;
    // A Systems Manager parameter type's Default is a Parameter Store key, not the value the stack gets.
    if (String(declared?.Type ?? '').startsWith('AWS::SSM::Parameter::')) return undefined;
    return declared?.Default;
  }

  private pseudo(name: string, path: string): string | undefined {
    switch (name) {
      case 'AWS::AccountId':
        return this.env.account;
      case 'AWS::Region':
        return this.env.region;
      case 'AWS::Partition':
        return this.env.partition;
      case 'AWS::URLSuffix':
        return this.env.urlSuffix;
      case 'AWS::StackName':
        return deployedStackName(this.env);
      case 'AWS::StackId':
        return `arn:${this.env.partition}:cloudformation:${this.env.region}:${this.env.account}:stack/${deployedStackName(this.env)}/id`;
      case 'AWS::NotificationARNs':
        throw new UnresolvedValueError(path, 'AWS::NotificationARNs has no value until deployment');
      default:
        return undefined;
    }
  }

  private asString(value: unknown, path: string): string {
    if (typeof value === 'string') return value;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    throw new UnresolvedValueError(path, `expected a string, found ${describe(value)}`);
  }

  /** The name the template sets, else the one CloudFormation generates, within the type's length limit. */
  private physicalName(name: unknown, logicalId: string, path: string, maxLength: number): string {
    return name === undefined ? generatedName(this.env, logicalId, maxLength) : this.resolveString(name, path);
  }

  private iamPath(iamPath: unknown, path: string): string {
    return iamPath === undefined ? '/' : this.resolveString(iamPath, path);
  }

  private functionArn(functionName: unknown, path: string): string {
    const name = this.resolveString(functionName, path);
    if (name.startsWith('arn:')) return name;
    return `arn:${this.env.partition}:lambda:${this.env.region}:${this.env.account}:function:${name}`;
  }
}

/**
 * The symbolic id of a REST API defined in a stack. Real ids are 10 lower-case letters and digits,
 * and the evaluator accepts nothing else, so the symbol has that shape: the start of the logical id
 * (for people reading reasons) and a digest of the stack and the logical id (so the ids of two stacks
 * built from one template, or of two APIs of one stack, stay distinct).
 */
export function symbolicApiId(logicalId: string, env: StackEnvironment): string {
  const readable = logicalId.toLowerCase().replace(/[^a-z0-9]/g, '').slice(0, 4);
  return (readable + base36Digest(identityKey(env, logicalId), 10)).slice(0, 10);
}

/**
 * The longest names CloudFormation may generate, per type (each type's reference: RoleName, UserName
 * and FunctionName 64 characters, GroupName and ManagedPolicyName 128, QueueName 80, TopicName 256,
 * TableName 255, BucketName 63).
 */
const NAME_LIMITS = {
  role: 64, user: 64, group: 128, managedPolicy: 128, function: 64, queue: 80, topic: 256, table: 255, bucket: 63, other: 128,
} as const;

/** Length of the unique suffix of a generated name (CloudFormation's are 12 or 13 characters). */
const SUFFIX_LENGTH = 12;

/**
 * What makes a resource unique in an app: its stack (partition, account, region and stack name, which
 * CloudFormation requires to be unique per account and region) and its logical id.
 */
function identityKey(env: StackEnvironment, logicalId: string): string {
  const key = [env.partition, env.account, env.region, env.stackName, logicalId];
  return (env.duplicate === undefined ? key : [...key, `duplicate ${env.duplicate}`]).join('\n');
}

/**
 * The name CloudFormation gives a resource without one: `<stack name>-<logical id>-<suffix>`, the
 * readable part shortened so the whole fits `maxLength`. A nested stack's name (`Parent/Inner` here)
 * is written `Parent-Inner`, as CloudFormation derives a nested stack's name from its parent's.
 */
function generatedName(env: StackEnvironment, logicalId: string, maxLength: number): string {
  const suffix = upperAlphanumericDigest(identityKey(env, logicalId), SUFFIX_LENGTH);
  const readable = `${deployedStackName(env)}-${logicalId}`.replace(/[^A-Za-z0-9-]+/g, '-').replace(/-{2,}/g, '-');
  return `${readable.slice(0, maxLength - SUFFIX_LENGTH - 1).replace(/-+$/, '')}-${suffix}`;
}

/**
 * The stack's name as `AWS::StackName` gives it once deployed, and as the names CloudFormation
 * generates for its resources begin: a nested stack (`Parent/Inner` here) is written `Parent-Inner`,
 * so that a policy naming `role/${AWS::StackName}-*` matches the stack's own generated role names.
 */
function deployedStackName(env: StackEnvironment): string {
  return env.stackName.replace(/[^A-Za-z0-9-]+/g, '-').replace(/-{2,}/g, '-');
}

/** A digest of the text in `length` characters of the alphabet (deterministic, so ids are stable). */
function digest(text: string, length: number, alphabet: string): string {
  const bytes = createHash('sha256').update(text).digest();
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[bytes[i] % alphabet.length];
  return out;
}

function upperAlphanumericDigest(text: string, length: number): string {
  return digest(text, length, '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ');
}

function alphanumericDigest(text: string, length: number): string {
  return digest(text, length, '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz');
}

function base36Digest(text: string, length: number): string {
  return digest(text, length, '0123456789abcdefghijklmnopqrstuvwxyz');
}

function hexDigest(text: string, length: number): string {
  return digest(text, length, '0123456789abcdef');
}

function splitOnce(text: string, sep: string): [string, string] {
  const i = text.indexOf(sep);
  return i < 0 ? [text, ''] : [text.slice(0, i), text.slice(i + 1)];
}

function expectArray(arg: unknown, length: number, path: string): unknown[] {
  if (!Array.isArray(arg) || arg.length < length) {
    throw new UnresolvedValueError(path, `expected a list of ${length} arguments`);
  }
  return arg;
}

function isScalar(value: unknown): value is string | number | boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  return typeof value === 'object' ? 'an object' : typeof value;
}

/**
 * Says why a value cannot be read: a plain `Ref` to a template parameter by the parameter's name,
 * anything else (a parameter inside Fn::Join or Fn::Sub, an import of no stack of the app) by the error.
 */
export function describeUnread(value: unknown, path: string, error: UnresolvedValueError): string {
  const parameter = (value as { Ref?: unknown } | undefined)?.Ref;
  return typeof parameter === 'string' && Object.keys(value as object).length === 1
    ? `${path} is the template parameter '${parameter}', whose value is only known at deploy time`
    : error.message;
}
