// One finding of the static lint: a code, how bad it is, where in the config, what happens and how to fix it.

export type LintSeverity = 'error' | 'warning' | 'info';

export type LintFinding = {
  readonly code: string;
  readonly severity: LintSeverity;
  readonly jsonPath: string;
  readonly message: string;
  readonly fix: string;
};
