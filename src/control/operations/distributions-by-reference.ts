// ListDistributionsByCachePolicyId, …ByKeyGroup, …ByOriginRequestPolicyId, …ByResponseHeadersPolicyId:
// the ids of the distributions whose behaviors reference the resource.

import type { OperationHandler } from '../create-control-handler.ts';
import type { ControlPlane } from '../control-plane.ts';
import { trustedKeyGroupIds } from './distribution-document.ts';
import { distributionsUsing } from './policies.ts';
import { allEntries, pageOf } from './resource-catalog.ts';

function idList(ids: readonly string[], input: Readonly<Record<string, unknown>>) {
  const page = pageOf(ids, (id) => id, input.Marker, input.MaxItems);
  return {
    DistributionIdList: {
      Marker: page.marker,
      ...(page.nextMarker === undefined ? {} : { NextMarker: page.nextMarker }),
      MaxItems: page.maxItems,
      IsTruncated: page.nextMarker !== undefined,
      Quantity: page.items.length,
      ...(page.items.length === 0 ? {} : { Items: page.items }),
    },
  };
}

const byPolicy =
  (field: string, inputMember: string): OperationHandler =>
  (input, plane: ControlPlane) =>
    idList(distributionsUsing(plane, field, String(input[inputMember])), input);

export const ListDistributionsByCachePolicyId = byPolicy('CachePolicyId', 'CachePolicyId');
export const ListDistributionsByOriginRequestPolicyId = byPolicy(
  'OriginRequestPolicyId',
  'OriginRequestPolicyId',
);
export const ListDistributionsByResponseHeadersPolicyId = byPolicy(
  'ResponseHeadersPolicyId',
  'ResponseHeadersPolicyId',
);

export const ListDistributionsByKeyGroup: OperationHandler = (input, plane) =>
  idList(
    allEntries(plane, 'distribution')
      .filter((d) =>
        trustedKeyGroupIds(d.config as Record<string, unknown>).includes(String(input.KeyGroupId)),
      )
      .map((d) => d.id),
    input,
  );
