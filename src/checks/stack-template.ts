/**
 * The part of a stack's CloudFormation template the checks read, rendered from the construct tree
 * during validation (after every aspect ran and references were resolved), so the aspect and the
 * command line build their models from the same kind of input.
 *
 * Only the resource types that decide access are rendered in full; every other resource is listed
 * by type only (enough for Ref and Fn::GetAtt to have a symbolic value). Rendering the whole
 * template a second time would double the cost of synthesis.
 */
import { CfnCondition, CfnElement, CfnOutput, CfnParameter, CfnResource, IResolvable, NestedStack, Reference, Stack, Token, Tokenization } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';
import { StackTemplate } from '../analysis/template/app-model';
import { CfnResourceEntry } from '../analysis/template/intrinsics';

/** Resource types whose properties the model reads. */
const RENDERED_TYPES = new Set([
  'AWS::ApiGateway::RestApi',
  'AWS::ApiGateway::Resource',
  'AWS::ApiGateway::Method',
  'AWS::ApiGateway::Stage',
  'AWS::ApiGateway::Deployment',
  'AWS::ApiGateway::Authorizer',
  'AWS::Cognito::UserPool',
  'AWS::Cognito::UserPoolClient',
  'AWS::Cognito::IdentityPool',
  'AWS::IAM::Role',
  'AWS::IAM::User',
  'AWS::IAM::Group',
  'AWS::IAM::Policy',
  'AWS::IAM::ManagedPolicy',
  'AWS::IAM::UserToGroupAddition',
  'AWS::IAM::RolePolicy',
  'AWS::IAM::UserPolicy',
  'AWS::IAM::GroupPolicy',
  'AWS::Lambda::Permission',
  'AWS::Lambda::Function',
  'AWS::Lambda::Alias',
  'AWS::Lambda::Version',
  'AWS::CloudFormation::Stack',
]);

/** A stack's template (as far as the checks read it) and the construct of each logical id. */
export interface RenderedStack extends StackTemplate {
  readonly constructs: Map<string, IConstruct>;
}

/**
 * Renders what the checks need from one stack. A nested stack names its parent's rendering (rendered
 * first): the parameters its resource passes and the outputs the parent reads link the two.
 */
export function renderStack(stack: Stack, parent?: RenderedStack): RenderedStack {
  const nested = NestedStack.isNestedStack(stack) && parent !== undefined ? stack : undefined;
  const resources: Record<string, CfnResourceEntry> = {};
  const parameters: Record<string, unknown> = {};
  const conditions: Record<string, unknown> = {};
  const outputs: Record<string, { Value?: unknown; Export?: { Name?: unknown } }> = {};
  const constructs = new Map<string, IConstruct>();
  // Logical ids first: the shortcuts below turn a Ref to an element of this stack into {"Ref": id}
  // without resolving the token again (each resolution recomputes the target's logical id).
  const logicalIds = new Map<CfnElement, string>();
  for (const element of elementsOf(stack)) {
    // A Deployment's logical id is a hash of the whole API, costly to compute a second time; the
    // model only reads the stage a Deployment may create.
    if (element instanceof apigateway.CfnDeployment && element.stageName === undefined && !hasOverrides(element)) continue;
    logicalIds.set(element, stack.resolve(element.logicalId) as string);
  }
  const references = new ReferenceResolver(stack, logicalIds);
  const resolve = (value: unknown) => references.resolve(value);
  for (const [element, logicalId] of logicalIds) {
    if (CfnResource.isCfnResource(element)) {
      constructs.set(logicalId, element);
      const fast = hasOverrides(element) ? undefined : readProperties(element);
      const condition = element.cfnOptions.condition;
      if (fast) {
        resources[logicalId] = {
          Type: element.cfnResourceType,
          Properties: resolve(fast) as Record<string, unknown>,
          ...(condition ? { Condition: logicalIds.get(condition) ?? stack.resolve(condition.logicalId) } : {}),
        };
      } else if (RENDERED_TYPES.has(element.cfnResourceType)) {
        // _toCloudFormation applies property overrides and escape hatches, as synthesis does.
        const rendered = stack.resolve((element as unknown as Renderable)._toCloudFormation()) as { Resources: Record<string, CfnResourceEntry> };
        Object.assign(resources, rendered.Resources);
      } else {
        resources[logicalId] = { Type: element.cfnResourceType };
      }
    } else if (element instanceof CfnParameter) {
      // Default and AllowedValues decide the values the analysis enumerates (see app-model.ts).
      parameters[logicalId] = {
        Type: element.type,
        ...(element.default !== undefined ? { Default: stack.resolve(element.default) } : {}),
        ...(element.allowedValues !== undefined ? { AllowedValues: stack.resolve(element.allowedValues) } : {}),
      };
    } else if (element instanceof CfnCondition && element.expression !== undefined) {
      conditions[logicalId] = stack.resolve(element.expression);
    } else if (element instanceof CfnOutput && (element.exportName !== undefined || nested)) {
      outputs[logicalId] = { Value: stack.resolve(element.value), Export: { Name: stack.resolve(element.exportName) } };
    }
  }
  const parentLink = nested && parent
    ? { template: parent, logicalId: nested.nestedStackParent!.resolve(nested.nestedStackResource!.logicalId) as string }
    : undefined;
  return {
    stackName: parentLink ? `${parent!.stackName}/${parentLink.logicalId}` : stack.stackName,
    parent: parentLink,
    template: { Resources: resources, Parameters: parameters, Outputs: outputs, Conditions: conditions },
    account: Token.isUnresolved(stack.account) ? undefined : stack.account,
    region: Token.isUnresolved(stack.region) ? undefined : stack.region,
    constructs,
  };
}

/**
 * Renders stacks, each nested stack after its parent and linked to it: a nested stack is named
 * `<parent's name>/<logical id>` (its own stackName is a deploy-time token) and reads the parameters
 * its parent passes. Without the link, the resources of a nested stack would get identities that match
 * neither the parent's references to them nor the CLI's reading of the same assembly.
 */
export function renderStacks(stacks: readonly Stack[]): Map<Stack, RenderedStack> {
  const depth = (s: Stack): number => (s.nestedStackParent ? 1 + depth(s.nestedStackParent) : 0);
  const rendered = new Map<Stack, RenderedStack>();
  for (const stack of [...stacks].sort((a, b) => depth(a) - depth(b))) {
    const parent = stack.nestedStackParent;
    rendered.set(stack, renderStack(stack, parent ? rendered.get(parent) : undefined));
  }
  return rendered;
}

interface Renderable {
  _toCloudFormation(): object;
}

/**
 * Resolves values the way `stack.resolve` would, but cheaper for what a big API repeats thousands
 * of times: a Ref or Fn::GetAtt of an element of this stack becomes that intrinsic directly (the
 * logical id is already known, `stack.resolve` recomputes it each time), strings that concatenate
 * tokens become an `Fn::Join`, and every other token is resolved once.
 */
class ReferenceResolver {
  private readonly resolved = new Map<IResolvable, unknown>();

  constructor(private readonly stack: Stack, private readonly logicalIds: ReadonlyMap<CfnElement, string>) {}

  public resolve(value: unknown): unknown {
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'string') return Token.isUnresolved(value) ? this.resolveString(value) : value;
    if (typeof value !== 'object') return Token.isUnresolved(value) ? this.stack.resolve(value) : value;
    if (Token.isUnresolved(value)) return this.stack.resolve(value);
    if (Array.isArray(value)) return value.map(v => this.resolve(v)).filter(v => v !== undefined);
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
      const resolved = this.resolve(v);
      if (resolved !== undefined) out[key] = resolved;
    }
    return out;
  }

  private resolveString(text: string): unknown {
    const parts: unknown[] = [];
    Tokenization.reverseString(text)
      .mapTokens({ mapToken: token => this.resolveToken(token) })
      .join({ join: (left: unknown, right: unknown) => { if (left !== undefined) parts.push(left); parts.push(right); return undefined; } });
    // join() only calls the concatenator for two or more fragments.
    if (parts.length === 0) return this.resolveToken(Tokenization.reverse(text)!);
    const flat = parts.flatMap(p => (isJoin(p) ? p['Fn::Join'][1] : [p])).filter(p => p !== '');
    if (flat.every(p => typeof p === 'string')) return flat.join('');
    return { 'Fn::Join': ['', flat] };
  }

  private resolveToken(token: IResolvable): unknown {
    if (Reference.isReference(token) && CfnElement.isCfnElement(token.target)) {
      const target = this.logicalIds.get(token.target);
      if (target !== undefined) return token.displayName === 'Ref' ? { Ref: target } : { 'Fn::GetAtt': [target, token.displayName] };
    }
    if (!this.resolved.has(token)) this.resolved.set(token, this.stack.resolve(token));
    return this.resolved.get(token);
  }
}

function isJoin(value: unknown): value is { 'Fn::Join': [string, unknown[]] } {
  const join = (value as Record<string, unknown> | null)?.['Fn::Join'];
  return typeof value === 'object' && value !== null && Array.isArray(join) && join[0] === '' && Array.isArray(join[1]);
}

/** Whether escape hatches changed the resource (then only a full rendering is faithful). */
function hasOverrides(element: CfnResource): boolean {
  const raw = (element as unknown as { rawOverrides?: object }).rawOverrides;
  return raw === undefined || Object.keys(raw).length > 0;
}

/**
 * The few properties the model reads of the API Gateway resources an API has hundreds of, read
 * from the L1's own properties: a full rendering validates and resolves every property, which for
 * a 200-method API costs as much as a tenth of the synthesis.
 */
function readProperties(element: CfnResource): Record<string, unknown> | undefined {
  if (element instanceof apigateway.CfnMethod) {
    const integration = element.integration as Record<string, unknown> | undefined;
    if (integration !== undefined && Token.isUnresolved(integration)) return undefined; // its keys' case is unknown
    return {
      HttpMethod: element.httpMethod,
      AuthorizationType: element.authorizationType,
      ResourceId: element.resourceId,
      RestApiId: element.restApiId,
      AuthorizerId: element.authorizerId,
      ApiKeyRequired: element.apiKeyRequired,
      Integration: integration === undefined ? undefined : {
        Type: integration.type ?? integration.Type,
        Uri: integration.uri ?? integration.Uri,
        Credentials: integration.credentials ?? integration.Credentials,
      },
    };
  }
  if (element instanceof iam.CfnPolicy || element instanceof iam.CfnManagedPolicy) {
    // A grant-heavy app has thousands of statements whose resources repeat the same tokens. The
    // document is read as written (PolicyDocument.toJSON): when aws-iam minimizes policies at
    // synthesis it merges statements, which changes their numbering in findings, not any decision.
    const document = documentOf(element.policyDocument);
    if (document === undefined) return undefined; // let the full rendering say what an empty document becomes
    return {
      PolicyDocument: document,
      PolicyName: element instanceof iam.CfnPolicy ? element.policyName : element.managedPolicyName,
      Roles: element.roles,
      Users: element.users,
      Groups: element.groups,
      Path: element instanceof iam.CfnManagedPolicy ? element.path : undefined,
    };
  }
  if (element instanceof iam.CfnRole) {
    const inline = element.policies;
    if (inline !== undefined && (Token.isUnresolved(inline) || !Array.isArray(inline))) return undefined;
    const policies = inline?.map(p => (Token.isUnresolved(p) ? p : {
      PolicyName: (p as iam.CfnRole.PolicyProperty).policyName,
      PolicyDocument: documentOf((p as iam.CfnRole.PolicyProperty).policyDocument),
    }));
    return {
      AssumeRolePolicyDocument: documentOf(element.assumeRolePolicyDocument),
      Policies: policies,
      ManagedPolicyArns: element.managedPolicyArns,
      PermissionsBoundary: element.permissionsBoundary,
      RoleName: element.roleName,
      Path: element.path,
    };
  }
  if (element instanceof apigateway.CfnResource) {
    return { ParentId: element.parentId, PathPart: element.pathPart, RestApiId: element.restApiId };
  }
  if (element instanceof apigateway.CfnStage) {
    return { StageName: element.stageName, RestApiId: element.restApiId };
  }
  if (element instanceof apigateway.CfnDeployment) {
    return { StageName: element.stageName, RestApiId: element.restApiId };
  }
  return undefined;
}

/** A policy document as written: an aws-iam PolicyDocument as its JSON (with tokens), anything else as is. */
function documentOf(document: unknown): unknown {
  return document instanceof iam.PolicyDocument ? document.toJSON() : document;
}

/** The CloudFormation elements of the stack itself (not of nested stacks or other stacks). */
function elementsOf(stack: Stack): CfnElement[] {
  const out: CfnElement[] = [];
  const visit = (node: IConstruct) => {
    for (const child of node.node.children) {
      if (Stack.isStack(child)) continue;
      if (CfnElement.isCfnElement(child)) out.push(child);
      visit(child);
    }
  };
  visit(stack);
  return out;
}
