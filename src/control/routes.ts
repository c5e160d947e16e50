// The CloudFront operations Frontgate answers: operation name (as in the API model, which gives method and
// request URI) → handler. Adding an operation is one entry here and one handler file.

import type { ControlRoutes } from './create-control-handler.ts';
import * as distributions from './operations/distributions.ts';
import * as functions from './operations/functions.ts';
import * as byReference from './operations/distributions-by-reference.ts';
import * as invalidations from './operations/invalidations.ts';
import * as keyGroups from './operations/key-groups.ts';
import * as keyValueStores from './operations/key-value-stores.ts';
import * as originAccessControls from './operations/origin-access-controls.ts';
import {
  cachePolicyOperations,
  originRequestPolicyOperations,
  responseHeadersPolicyOperations,
} from './operations/policies.ts';
import * as publicKeys from './operations/public-keys.ts';
import * as tags from './operations/tags.ts';

export const CONTROL_ROUTES: ControlRoutes = {
  CreateDistribution: distributions.CreateDistribution,
  CreateDistributionWithTags: distributions.CreateDistributionWithTags,
  GetDistribution: distributions.GetDistribution,
  GetDistributionConfig: distributions.GetDistributionConfig,
  UpdateDistribution: distributions.UpdateDistribution,
  DeleteDistribution: distributions.DeleteDistribution,
  ListDistributions: distributions.ListDistributions,
  ListDistributionsByCachePolicyId: byReference.ListDistributionsByCachePolicyId,
  ListDistributionsByKeyGroup: byReference.ListDistributionsByKeyGroup,
  ListDistributionsByOriginRequestPolicyId: byReference.ListDistributionsByOriginRequestPolicyId,
  ListDistributionsByResponseHeadersPolicyId: byReference.ListDistributionsByResponseHeadersPolicyId,
  CreateInvalidation: invalidations.CreateInvalidation,
  GetInvalidation: invalidations.GetInvalidation,
  ListInvalidations: invalidations.ListInvalidations,
  CreatePublicKey: publicKeys.CreatePublicKey,
  GetPublicKey: publicKeys.GetPublicKey,
  GetPublicKeyConfig: publicKeys.GetPublicKeyConfig,
  UpdatePublicKey: publicKeys.UpdatePublicKey,
  DeletePublicKey: publicKeys.DeletePublicKey,
  ListPublicKeys: publicKeys.ListPublicKeys,
  CreateKeyGroup: keyGroups.CreateKeyGroup,
  GetKeyGroup: keyGroups.GetKeyGroup,
  GetKeyGroupConfig: keyGroups.GetKeyGroupConfig,
  UpdateKeyGroup: keyGroups.UpdateKeyGroup,
  DeleteKeyGroup: keyGroups.DeleteKeyGroup,
  ListKeyGroups: keyGroups.ListKeyGroups,
  CreateOriginAccessControl: originAccessControls.CreateOriginAccessControl,
  GetOriginAccessControl: originAccessControls.GetOriginAccessControl,
  GetOriginAccessControlConfig: originAccessControls.GetOriginAccessControlConfig,
  UpdateOriginAccessControl: originAccessControls.UpdateOriginAccessControl,
  DeleteOriginAccessControl: originAccessControls.DeleteOriginAccessControl,
  ListOriginAccessControls: originAccessControls.ListOriginAccessControls,
  ...cachePolicyOperations,
  ...originRequestPolicyOperations,
  ...responseHeadersPolicyOperations,
  CreateFunction: functions.CreateFunction,
  DescribeFunction: functions.DescribeFunction,
  GetFunction: functions.GetFunction,
  UpdateFunction: functions.UpdateFunction,
  PublishFunction: functions.PublishFunction,
  TestFunction: functions.TestFunction,
  ListFunctions: functions.ListFunctions,
  DeleteFunction: functions.DeleteFunction,
  CreateKeyValueStore: keyValueStores.CreateKeyValueStore,
  DescribeKeyValueStore: keyValueStores.DescribeKeyValueStore,
  UpdateKeyValueStore: keyValueStores.UpdateKeyValueStore,
  DeleteKeyValueStore: keyValueStores.DeleteKeyValueStore,
  ListKeyValueStores: keyValueStores.ListKeyValueStores,
  TagResource: tags.TagResource,
  UntagResource: tags.UntagResource,
  ListTagsForResource: tags.ListTagsForResource,
};
