// Settings of a distribution that Frontgate accepts (so real configs load verbatim) but does not emulate.
// CloudFront would act on them; the edge warns at load time and the doctor lists them, instead of silently
// answering as if they were absent.

export type UnemulatedFeature = {
  /** JSON path inside the DistributionConfig, e.g. `DefaultCacheBehavior.LambdaFunctionAssociations`. */
  readonly jsonPath: string;
  readonly feature: string;
  readonly consequence: string;
};

type Json = Readonly<Record<string, unknown>>;

function object(value: unknown): Json | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined;
}

function quantity(value: unknown): number {
  const q = object(value)?.Quantity;
  return typeof q === 'number' ? q : 0;
}

function nonEmptyString(value: unknown): boolean {
  return typeof value === 'string' && value !== '';
}

function behaviorFeatures(behavior: Json, path: string): UnemulatedFeature[] {
  const found: UnemulatedFeature[] = [];
  if (quantity(behavior.LambdaFunctionAssociations) > 0)
    found.push({
      jsonPath: `${path}.LambdaFunctionAssociations`,
      feature: 'Lambda@Edge',
      consequence: 'the functions do not run: requests and responses pass through unchanged',
    });
  if (nonEmptyString(behavior.FieldLevelEncryptionId))
    found.push({
      jsonPath: `${path}.FieldLevelEncryptionId`,
      feature: 'field-level encryption',
      consequence: 'POST bodies reach the origin unencrypted',
    });
  if (nonEmptyString(behavior.RealtimeLogConfigArn))
    found.push({
      jsonPath: `${path}.RealtimeLogConfigArn`,
      feature: 'real-time logs',
      consequence: 'no real-time log records are sent (the access log is written as usual)',
    });
  return found;
}

/** Everything in `DistributionConfig` the edge loads but does not act on as CloudFront would. */
export function findUnemulatedFeatures(distributionConfig: Json): readonly UnemulatedFeature[] {
  const found: UnemulatedFeature[] = [];
  const defaultBehavior = object(distributionConfig.DefaultCacheBehavior);
  if (defaultBehavior) found.push(...behaviorFeatures(defaultBehavior, 'DefaultCacheBehavior'));
  const behaviors = object(distributionConfig.CacheBehaviors)?.Items;
  if (Array.isArray(behaviors)) {
    behaviors.forEach((behavior, i) => {
      const b = object(behavior);
      if (b) found.push(...behaviorFeatures(b, `CacheBehaviors.Items[${i}]`));
    });
  }
  if (quantity(distributionConfig.OriginGroups) > 0)
    found.push({
      jsonPath: 'OriginGroups',
      feature: 'origin failover',
      consequence: 'requests go to the primary origin only; failover status codes are not acted on',
    });
  const geo = object(object(distributionConfig.Restrictions)?.GeoRestriction);
  if (geo && geo.RestrictionType !== undefined && geo.RestrictionType !== 'none')
    found.push({
      jsonPath: 'Restrictions.GeoRestriction',
      feature: 'geographic restrictions',
      consequence: 'no viewer is blocked by country (every viewer is local)',
    });
  if (nonEmptyString(distributionConfig.WebACLId))
    found.push({
      jsonPath: 'WebACLId',
      feature: 'AWS WAF',
      consequence: 'no web ACL rules are evaluated',
    });
  if (nonEmptyString(distributionConfig.ContinuousDeploymentPolicyId))
    found.push({
      jsonPath: 'ContinuousDeploymentPolicyId',
      feature: 'continuous deployment (staging distributions)',
      consequence: 'all traffic goes to this distribution',
    });
  return found;
}
