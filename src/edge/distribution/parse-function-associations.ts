// A cache behavior's `FunctionAssociations` ({Quantity, Items: [{FunctionARN, EventType}]}): CloudFront
// Functions run on viewer events only, one function per event type ("Restrictions on all edge functions",
// combining functions; the API answers InvalidFunctionAssociation otherwise).

import { type JsonObject, optionalList, readObject, requiredString } from './aws-json-reader.ts';
import { DistributionConfigError } from './distribution-config-error.ts';

/** Function ARNs by the event that runs them. */
export type FunctionAssociations = {
  readonly 'viewer-request'?: string;
  readonly 'viewer-response'?: string;
};

const FUNCTION_ARN = /^arn:aws:cloudfront::\d{12}:function\/[a-zA-Z0-9-_]{1,64}$/;

export function parseFunctionAssociations(behavior: JsonObject, path: string): FunctionAssociations {
  const { items, path: itemsPath } = optionalList(behavior, 'FunctionAssociations', path);
  const associations: { 'viewer-request'?: string; 'viewer-response'?: string } = {};
  items.forEach((raw, index) => {
    const itemPath = `${itemsPath}[${index}]`;
    const item = readObject(raw, itemPath);
    const arn = requiredString(item, 'FunctionARN', itemPath);
    if (!FUNCTION_ARN.test(arn))
      throw new DistributionConfigError(
        `${itemPath}.FunctionARN`,
        'InvalidFunctionAssociation',
        `"${arn}" is not a CloudFront function ARN (arn:aws:cloudfront::<account>:function/<name>)`,
      );
    const eventType = requiredString(item, 'EventType', itemPath);
    if (eventType !== 'viewer-request' && eventType !== 'viewer-response')
      throw new DistributionConfigError(
        `${itemPath}.EventType`,
        'InvalidFunctionAssociation',
        `CloudFront Functions run on viewer-request or viewer-response, not "${eventType}"`,
      );
    if (associations[eventType] !== undefined)
      throw new DistributionConfigError(
        `${itemPath}.EventType`,
        'InvalidFunctionAssociation',
        `a behavior can have one ${eventType} function`,
      );
    associations[eventType] = arn;
  });
  return Object.freeze(associations);
}
