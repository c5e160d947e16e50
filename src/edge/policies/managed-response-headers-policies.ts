// AWS managed response headers policies with their real IDs, in the API's `ResponseHeadersPolicyConfig`
// shape (AWS: "Use managed response headers policies"). Values AWS does not document are used as observed and recorded in
// docs/decisions/edge-config-managed-policies.md.

import {
  awsList,
  type ResponseHeadersPolicyConfig,
  type ResponseHeadersPolicyEntry,
} from './policy-configs.ts';

const allMethods = ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT'];

// UNCONFIRMED: SimpleCORS is documented only as "ACAO: * on CORS responses, no origin override"; the API
// requires AllowHeaders/AllowMethods, so they are `*` / `ALL`, which only matter on preflights.
const simpleCors: NonNullable<ResponseHeadersPolicyConfig['CorsConfig']> = {
  AccessControlAllowOrigins: awsList(['*']),
  AccessControlAllowHeaders: awsList(['*']),
  AccessControlAllowMethods: awsList(['ALL']),
  AccessControlAllowCredentials: false,
  OriginOverride: false,
};

// [3P] methods, origins and expose headers; AllowHeaders `*` and credentials false are UNCONFIRMED choices.
const corsWithPreflight: NonNullable<ResponseHeadersPolicyConfig['CorsConfig']> = {
  AccessControlAllowOrigins: awsList(['*']),
  AccessControlAllowHeaders: awsList(['*']),
  AccessControlAllowMethods: awsList(allMethods),
  AccessControlAllowCredentials: false,
  AccessControlExposeHeaders: awsList(['*']),
  OriginOverride: false,
};

// X-Content-Type-Options always wins; the rest only fill in what the origin did not send. Values [3P].
const securityHeaders: NonNullable<ResponseHeadersPolicyConfig['SecurityHeadersConfig']> = {
  XSSProtection: { Override: false, Protection: true, ModeBlock: true },
  FrameOptions: { Override: false, FrameOption: 'SAMEORIGIN' },
  ReferrerPolicy: { Override: false, ReferrerPolicy: 'strict-origin-when-cross-origin' },
  ContentTypeOptions: { Override: true },
  StrictTransportSecurity: {
    Override: false,
    IncludeSubdomains: false,
    Preload: false,
    AccessControlMaxAgeSec: 31536000,
  },
};

export const managedResponseHeadersPolicies: readonly ResponseHeadersPolicyEntry[] = [
  {
    Id: '60669652-455b-4ae9-85a4-c4c02393f86c',
    ResponseHeadersPolicyConfig: {
      Comment: 'Allows all origins for simple CORS requests',
      Name: 'Managed-SimpleCORS',
      CorsConfig: simpleCors,
    },
  },
  {
    Id: '5cc3b908-e619-4b99-88e5-2cf7f45965bd',
    ResponseHeadersPolicyConfig: {
      Comment: 'Allows all origins for CORS requests, including preflight requests',
      Name: 'Managed-CORS-With-Preflight',
      CorsConfig: corsWithPreflight,
    },
  },
  {
    Id: '67f7725c-6f97-4210-82d7-5512b31e9d03',
    ResponseHeadersPolicyConfig: {
      Comment: 'Adds a set of security headers to every response',
      Name: 'Managed-SecurityHeadersPolicy',
      SecurityHeadersConfig: securityHeaders,
    },
  },
  {
    Id: 'e61eb60c-9c35-4d20-a928-2b84e02af89c',
    ResponseHeadersPolicyConfig: {
      Comment: 'Allows all origins for simple CORS requests and adds security headers',
      Name: 'Managed-CORS-and-SecurityHeadersPolicy',
      CorsConfig: simpleCors,
      SecurityHeadersConfig: securityHeaders,
    },
  },
  {
    Id: 'eaab4381-ed33-4a86-88ca-d9558dc6cd63',
    ResponseHeadersPolicyConfig: {
      Comment:
        'Allows all origins for CORS requests, including preflight requests, and adds security headers',
      Name: 'Managed-CORS-with-preflight-and-SecurityHeadersPolicy',
      CorsConfig: corsWithPreflight,
      SecurityHeadersConfig: securityHeaders,
    },
  },
];
