// Public surface of the CloudFront control API: the HTTP handler, its route table, the state database and
// the ports the composition root implements (deployment to the edge, file-defined resources).

export { CloudFrontError } from './cloudfront-error.ts';
export type { ControlDeployment, ControlPlane, FileResources } from './control-plane.ts';
export { DEFAULT_ACCOUNT_ID } from './control-plane.ts';
export type {
  ControlRoutes,
  OperationHandler,
  OperationInput,
  OperationOutput,
} from './create-control-handler.ts';
export { createControlHandler } from './create-control-handler.ts';
export { createKeyValueStoreDataHandler } from './keyvaluestore/kvs-data-handler.ts';
export { loadCloudFrontModel } from './model/cloudfront-model.ts';
export { apiResources, randomCloudFrontId } from './operations/resource-catalog.ts';
export { type PublishedFunctions, publishedFunctions } from './published-functions.ts';
export { CONTROL_ROUTES } from './routes.ts';
export { renderCloudFrontError } from './wire/render-error.ts';
export type {
  ControlDatabase,
  ControlResourceReader,
  ResourceKind,
  StoredInvalidation,
  StoredResource,
} from './state/control-database.ts';
export { openControlDatabase } from './state/control-database.ts';
export type { FleetEdge, SharedControlState } from './state/postgres-control-state.ts';
export { openSharedControlState } from './state/postgres-control-state.ts';
