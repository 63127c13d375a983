/**
 * The part of a stack's CloudFormation template the checks read, rendered from the construct tree
 * during validation (after every aspect ran and references were resolved), so the aspect and the
 * command line build their models from the same kind of input.
 *
 * Only the resource types that decide access are rendered in full; every other resource is listed
 * by type only (enough for Ref and Fn::GetAtt to have a symbolic value). Rendering the whole
 * template a second time would double the cost of synthesis.
 */
import { CfnElement, CfnOutput, CfnParameter, CfnResource, Stack, Token } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import { IConstruct } from 'constructs';
import { StackTemplate } from './template/app-model';
import { CfnResourceEntry } from './template/intrinsics';

/** Resource types whose properties the model reads. */
const RENDERED_TYPES = new Set([
  'AWS::ApiGateway::RestApi',
  'AWS::ApiGateway::Resource',
  'AWS::ApiGateway::Method',
  'AWS::ApiGateway::Stage',
  'AWS::ApiGateway::Deployment',
  'AWS::IAM::Role',
  'AWS::IAM::User',
  'AWS::IAM::Group',
  'AWS::IAM::Policy',
  'AWS::IAM::ManagedPolicy',
  'AWS::IAM::UserToGroupAddition',
  'AWS::Lambda::Permission',
  'AWS::Lambda::Function',
  'AWS::Lambda::Alias',
  'AWS::Lambda::Version',
]);

/** A stack's template (as far as the checks read it) and the construct of each logical id. */
export interface RenderedStack extends StackTemplate {
  readonly constructs: Map<string, IConstruct>;
}

/** Renders what the checks need from one stack. */
export function renderStack(stack: Stack): RenderedStack {
  const resources: Record<string, CfnResourceEntry> = {};
  const parameters: Record<string, unknown> = {};
  const outputs: Record<string, { Value?: unknown; Export?: { Name?: unknown } }> = {};
  const constructs = new Map<string, IConstruct>();
  for (const element of elementsOf(stack)) {
    // A Deployment's logical id is a hash of the whole API, costly to compute a second time; the
    // model only reads the stage a Deployment may create.
    if (element instanceof apigateway.CfnDeployment && element.stageName === undefined && !hasOverrides(element)) continue;
    const logicalId = stack.resolve(element.logicalId) as string;
    if (CfnResource.isCfnResource(element)) {
      constructs.set(logicalId, element);
      const fast = hasOverrides(element) ? undefined : readProperties(element);
      if (fast) {
        resources[logicalId] = { Type: element.cfnResourceType, Properties: stack.resolve(fast) };
      } else if (RENDERED_TYPES.has(element.cfnResourceType)) {
        // _toCloudFormation applies property overrides and escape hatches, as synthesis does.
        const rendered = stack.resolve((element as unknown as Renderable)._toCloudFormation()) as { Resources: Record<string, CfnResourceEntry> };
        Object.assign(resources, rendered.Resources);
      } else {
        resources[logicalId] = { Type: element.cfnResourceType };
      }
    } else if (element instanceof CfnParameter) {
      parameters[logicalId] = {};
    } else if (element instanceof CfnOutput && element.exportName !== undefined) {
      outputs[logicalId] = { Value: stack.resolve(element.value), Export: { Name: stack.resolve(element.exportName) } };
    }
  }
  return {
    stackName: stack.stackName,
    template: { Resources: resources, Parameters: parameters, Outputs: outputs },
    account: Token.isUnresolved(stack.account) ? undefined : stack.account,
    region: Token.isUnresolved(stack.region) ? undefined : stack.region,
    constructs,
  };
}

interface Renderable {
  _toCloudFormation(): object;
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
      Integration: integration === undefined ? undefined : {
        Type: integration.type ?? integration.Type,
        Uri: integration.uri ?? integration.Uri,
        Credentials: integration.credentials ?? integration.Credentials,
      },
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
