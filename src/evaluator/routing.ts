import { InvalidInputError } from './errors';

/**
 * Which deployed method answers a request: REST API resource paths with path parameters.
 *
 * API Gateway developer guide, "Set up a proxy integration with a proxy resource" and "Set up
 * methods": a path part `{name}` matches one path segment, a final greedy `{name+}` matches one or
 * more remaining segments, and the `ANY` method answers every verb that has no method of its own.
 * Where several resources match, the most specific one wins: a literal segment over `{name}` over
 * `{name+}`, compared from the left; on the same resource an explicit verb wins over ANY.
 */

/** The verbs a real request may use: the HTTP verbs API Gateway methods accept. */
export const REQUEST_VERBS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;
/** The HTTP verbs a method may have (`ANY` stands for all of them). */
export const METHOD_VERBS = [...REQUEST_VERBS, 'ANY'] as const;

/** How specific one path part is; lower is more specific. */
const enum PartKind {
  LITERAL = 0,
  PARAMETER = 1,
  GREEDY = 2,
}

interface PathPart {
  readonly kind: PartKind;
  /** The literal text, or the parameter's name. */
  readonly text: string;
}

/** A parsed method path template such as `/pets/{petId}`. */
export interface PathTemplate {
  readonly text: string;
  readonly parts: readonly PathPart[];
  /**
   * Each path parameter (`petId`, `proxy+`) with the path of the resource above it (`/pets`, or
   * `` for the root), read once with the template for the sibling-parameter check.
   */
  readonly parameters: readonly TemplateParameter[];
}

interface TemplateParameter {
  readonly under: string;
  readonly name: string;
}

// API Gateway resource path parts: letters, digits and `-._~:@!$&'()*+,;=` style characters
// except the braces and slash; parameter names are letters, digits, `-`, `_` and `.`.
const LITERAL_PART = /^[^{}/\s?#]+$/;
const PARAMETER_PART = /^\{([A-Za-z0-9._-]+)(\+?)\}$/;

/**
 * Parses a method path (`/`, `/pets`, `/pets/{petId}`, `/files/{proxy+}`). Throws naming `field`
 * when the syntax is not one API Gateway accepts.
 */
export function parsePathTemplate(text: string, field: string): PathTemplate {
  if (!text.startsWith('/')) {
    throw new InvalidInputError(field, `must start with '/', not ${JSON.stringify(text)}`);
  }
  if (text === '/') {
    return { text, parts: [], parameters: [] };
  }
  const segments = text.slice(1).split('/');
  const parts = segments.map((segment, i): PathPart => {
    if (LITERAL_PART.test(segment)) {
      return { kind: PartKind.LITERAL, text: segment };
    }
    const parameter = PARAMETER_PART.exec(segment);
    if (!parameter) {
      throw new InvalidInputError(field,
        `path part ${JSON.stringify(segment)} of ${JSON.stringify(text)} must be a literal name, {name} or a final {name+}`);
    }
    if (parameter[2] === '+' && i !== segments.length - 1) {
      throw new InvalidInputError(field, `the greedy path part ${segment} must be the last part of ${JSON.stringify(text)}`);
    }
    return { kind: parameter[2] === '+' ? PartKind.GREEDY : PartKind.PARAMETER, text: parameter[1] };
  });
  const parameters: TemplateParameter[] = [];
  segments.forEach((segment, i) => {
    if (parts[i].kind !== PartKind.LITERAL) {
      parameters.push({ under: i === 0 ? '' : `/${segments.slice(0, i).join('/')}`, name: segment.slice(1, -1) });
    }
  });
  return { text, parts, parameters };
}

/**
 * Splits a request path (`/pets/7`) into its segments; `/` has none. A path must start with `/`,
 * have no empty segment and no query string.
 */
export function parseRequestPath(text: string, field: string): readonly string[] {
  if (!text.startsWith('/')) {
    throw new InvalidInputError(field, `must start with '/', not ${JSON.stringify(text)}`);
  }
  if (text.includes('?') || text.includes('#')) {
    throw new InvalidInputError(field, `must be the path only, without a query string or fragment: ${JSON.stringify(text)}`);
  }
  if (text === '/') {
    return [];
  }
  const segments = text.slice(1).split('/');
  if (segments.some(s => s === '')) {
    throw new InvalidInputError(field, `has an empty path segment: ${JSON.stringify(text)}`);
  }
  return segments;
}

/** Whether a template matches the request's segments. */
export function templateMatches(template: PathTemplate, segments: readonly string[]): boolean {
  const parts = template.parts;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    if (part.kind === PartKind.GREEDY) {
      // one or more remaining segments
      return segments.length > i;
    }
    if (i >= segments.length) {
      return false;
    }
    if (part.kind === PartKind.LITERAL && part.text !== segments[i]) {
      return false;
    }
  }
  return parts.length === segments.length;
}

/**
 * Orders two matching templates: negative when `a` is more specific. Compared part by part from
 * the left: literal before `{name}` before `{name+}`.
 */
export function compareSpecificity(a: PathTemplate, b: PathTemplate): number {
  const n = Math.min(a.parts.length, b.parts.length);
  for (let i = 0; i < n; i++) {
    const d = a.parts[i].kind - b.parts[i].kind;
    if (d !== 0) {
      return d;
    }
  }
  // Both matched the same request, so with equal kinds they have the same length
  // (a greedy part would have differed above): nothing more tells them apart.
  return 0;
}

/** A method as routing sees it. */
export interface RoutedMethod {
  readonly httpMethod: string;
  readonly template: PathTemplate;
}

/**
 * The method that answers `verb` on `segments`, or undefined when none does. API Gateway routes in
 * two steps: the path selects one resource, the most specific that matches; then the verb selects a
 * method on that resource, its own before ANY. A resource without the verb (or ANY) answers 403
 * "Missing Authentication Token" even when a less specific resource, such as a greedy `{proxy+}`,
 * has the verb: the request never falls back to it. Taking the resource first is also the reading
 * that fails closed.
 */
export function selectMethod<M extends RoutedMethod>(methods: readonly M[], verb: string, segments: readonly string[]): M | undefined {
  let resource: PathTemplate | undefined;
  for (const method of methods) {
    if (templateMatches(method.template, segments) && (resource === undefined || compareSpecificity(method.template, resource) < 0)) {
      resource = method.template;
    }
  }
  if (resource === undefined) {
    return undefined;
  }
  // Sibling path parameters are rejected up front, so equal specificity among matching templates
  // means the same resource.
  let any: M | undefined;
  for (const method of methods) {
    if (compareSpecificity(method.template, resource) !== 0 || !templateMatches(method.template, segments)) {
      continue;
    }
    if (method.httpMethod === verb) {
      return method;
    }
    if (method.httpMethod === 'ANY') {
      any = method;
    }
  }
  return any;
}

/**
 * Rejects method lists API Gateway could not deploy: the same verb twice on one resource, or two
 * sibling path parameters with different names (API Gateway: "A sibling ({id}) of this resource
 * already has a variable path part -- only one is allowed").
 */
export function checkMethodSet(methods: readonly RoutedMethod[], field: string): void {
  const seenMethods = new Map<string, number>();
  const parameterAt = new Map<string, string>();
  methods.forEach((method, index) => {
    for (const { under, name } of method.template.parameters) {
      const sibling = parameterAt.get(under);
      if (sibling !== undefined && sibling !== name) {
        throw new InvalidInputError(`${field}[${index}].path`,
          `{${name}} and {${sibling}} are sibling path parameters under '${under || '/'}'; API Gateway allows only one`);
      }
      parameterAt.set(under, name);
    }
    // A template's text is its canonical form: parsing accepts each part only as written.
    const key = `${method.httpMethod} ${method.template.text}`;
    const previous = seenMethods.get(key);
    if (previous !== undefined) {
      throw new InvalidInputError(`${field}[${index}]`, `duplicates ${field}[${previous}] (${key})`);
    }
    seenMethods.set(key, index);
  });
}
