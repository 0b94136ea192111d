export { runLint, DEFAULT_LARGE_TABLE_ROWS, type LintOptions } from './run-lint';
export { LINT_RULES, type LintDeclarations, type LintFinding, type LintReport, type LintRuleId, type LintWaivers, type SkippedLintRule, type WaivableLintRuleId } from './lint-report';
export { renderLintReport, renderLintSummary, type LintRenderOptions } from './render-lint';
export { lintCommand, type LintCommandOptions } from './lint-command';
