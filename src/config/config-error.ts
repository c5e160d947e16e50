// The one error family for configuration problems: always names the JSON path that is wrong.

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  /** Where in the config the problem is, e.g. `edge.distributions[0].config` or `DistributionConfig.Origins.Items[1].Id`. */
  readonly jsonPath: string;
  constructor(jsonPath: string, reason: string, options?: ErrorOptions) {
    super(`${jsonPath}: ${reason}`, options);
    this.jsonPath = jsonPath;
  }
}
