// Evaluates a bucket policy for one request as IAM does: an applicable Deny decides, else an applicable
// Allow, else nothing (the caller falls back to the owner's rights and ACLs). A statement applies when its
// principal, action, resource and every condition match. Policy evaluation logic (AWS IAM User Guide);
// How Amazon S3 authorizes a request (Amazon S3 User Guide).

import type { BucketPolicy, PolicyPrincipal, PolicyStatement } from './bucket-policy-document.ts';
import { conditionsHold, type PolicyContext } from './policy-conditions.ts';
import { matchesWildcard } from './policy-wildcard.ts';

/** Who asks, in the terms a policy's `Principal` names them. */
export type PolicyRequester =
  | { readonly kind: 'anonymous' }
  /** The bucket owner's account (its root): Frontgate's credential users. */
  | { readonly kind: 'account'; readonly accountId: string; readonly canonicalUserId: string }
  /** An AWS service principal, e.g. CloudFront signing for an origin access control. */
  | { readonly kind: 'service'; readonly service: string };

export type PolicyRequest = {
  readonly requester: PolicyRequester;
  /** e.g. `s3:GetObject` */
  readonly action: string;
  /** e.g. `arn:aws:s3:::media/videos/a.ts` */
  readonly resource: string;
  readonly context: PolicyContext;
};

export type PolicyDecision =
  | { readonly effect: 'Deny' | 'Allow'; readonly statementIndex: number; readonly sid?: string }
  | { readonly effect: 'None' };

export function principalMatches(principal: PolicyPrincipal, requester: PolicyRequester): boolean {
  if (principal.kind === 'everyone') return true;
  switch (requester.kind) {
    case 'anonymous':
      return false;
    case 'account':
      return (
        principal.aws.some(
          (id) => id === requester.accountId || id === `arn:aws:iam::${requester.accountId}:root`,
        ) || principal.canonicalUser.includes(requester.canonicalUserId)
      );
    case 'service':
      return principal.service.includes(requester.service);
  }
}

function listMatches(patterns: readonly string[], value: string, ignoreCase: boolean): boolean {
  return patterns.some((pattern) => matchesWildcard(pattern, value, ignoreCase));
}

export function statementApplies(statement: PolicyStatement, request: PolicyRequest): boolean {
  if (statement.principal !== undefined && !principalMatches(statement.principal, request.requester))
    return false;
  if (statement.notPrincipal !== undefined && principalMatches(statement.notPrincipal, request.requester))
    return false;
  if (statement.action !== undefined && !listMatches(statement.action, request.action, true)) return false;
  if (statement.notAction !== undefined && listMatches(statement.notAction, request.action, true))
    return false;
  if (statement.resource !== undefined && !listMatches(statement.resource, request.resource, false))
    return false;
  if (statement.notResource !== undefined && listMatches(statement.notResource, request.resource, false))
    return false;
  return conditionsHold(statement.conditions, request.context);
}

export function evaluateBucketPolicy(policy: BucketPolicy, request: PolicyRequest): PolicyDecision {
  let allow: PolicyDecision = { effect: 'None' };
  for (const [index, statement] of policy.statements.entries()) {
    if (!statementApplies(statement, request)) continue;
    const decided = { statementIndex: index, ...(statement.sid !== undefined ? { sid: statement.sid } : {}) };
    if (statement.effect === 'Deny') return { effect: 'Deny', ...decided };
    if (allow.effect === 'None') allow = { effect: 'Allow', ...decided };
  }
  return allow;
}
