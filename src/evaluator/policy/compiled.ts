/**
 * The private shape of compiled statements: what compile.ts builds and evaluate.ts reads. The rest
 * of the evaluator sees only the CompiledStatement / CompiledPolicy interfaces of model.ts.
 */
import { CompiledConditions } from './conditions';
import { CompiledPolicy, CompiledStatement, PolicyKind, PolicySource, PrincipalMatch, StatementHit } from './model';
import { Pattern } from './pattern';
import { PrincipalSpec } from './principal';

/** A list of patterns (Action or Resource), possibly negated (NotAction, NotResource). */
export interface PatternList {
  readonly patterns: readonly Pattern[];
  /** NotAction / NotResource. */
  readonly negated: boolean;
  /** Some pattern is `*`: the list matches everything (or, negated, nothing). */
  readonly matchesAll: boolean;
}

export class InternalStatement implements CompiledStatement {
  /** Hits for each way the principal matched, made once (evaluation allocates nothing per match). */
  private readonly hits = new Map<PrincipalMatch | undefined, StatementHit>();
  private policy?: CompiledPolicy;

  constructor(
    public readonly index: number,
    public readonly sid: string | undefined,
    public readonly effect: 'Allow' | 'Deny',
    public readonly label: string,
    public readonly actions: PatternList,
    public readonly resources: PatternList,
    public readonly principal: PrincipalSpec | undefined,
    public readonly principalNegated: boolean,
    public readonly conditions: CompiledConditions | undefined,
    public readonly grantsByPrincipalArn: boolean,
    public readonly namesSpecificAwsPrincipals: boolean,
  ) {}

  public attach(policy: CompiledPolicy): void {
    this.policy = policy;
  }

  public hit(principal: PrincipalMatch | undefined): StatementHit {
    let hit = this.hits.get(principal);
    if (hit === undefined) {
      hit = principal === undefined
        ? { policy: this.policy!, statement: this }
        : { policy: this.policy!, statement: this, principal };
      this.hits.set(principal, hit);
    }
    return hit;
  }
}

export class InternalPolicy implements CompiledPolicy {
  constructor(
    public readonly source: PolicySource,
    public readonly kind: PolicyKind,
    public readonly version: string | undefined,
    public readonly statements: readonly InternalStatement[],
    /** The field of the first statement that uses the `${aws:PrincipalArn}` policy variable, if any. */
    public readonly principalArnVariableAt?: string,
  ) {
    for (const statement of statements) {
      statement.attach(this);
    }
  }
}
