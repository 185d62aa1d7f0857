// The rule sets n8n's verification scanner applies: eslint-plugin-n8n-nodes-base (community,
// credentials, nodes) and @n8n/eslint-plugin-community-nodes `recommended`. Inline disable
// comments are ignored, as the scanner ignores them: fix the code instead.
import tsParser from '@typescript-eslint/parser';
import n8nNodesBase from 'eslint-plugin-n8n-nodes-base';
import communityNodes from '@n8n/eslint-plugin-community-nodes';

const base = { 'n8n-nodes-base': n8nNodesBase };

export default [
	{ ignores: ['dist/**', 'node_modules/**', 'test/**', 'scripts/**', '.runtime/**', '*.js', '*.mjs'] },
	{ linterOptions: { noInlineConfig: true, reportUnusedDisableDirectives: 'off' } },
	{
		files: ['package.json'],
		languageOptions: { parser: { parseForESLint: jsonAsModule } },
		plugins: base,
		rules: n8nNodesBase.configs.community.rules,
	},
	{
		files: ['credentials/**/*.ts'],
		languageOptions: { parser: tsParser, parserOptions: { sourceType: 'module' } },
		plugins: base,
		rules: n8nNodesBase.configs.credentials.rules,
	},
	{
		files: ['nodes/**/*.ts'],
		languageOptions: { parser: tsParser, parserOptions: { sourceType: 'module' } },
		plugins: base,
		rules: n8nNodesBase.configs.nodes.rules,
	},
	{
		// Two rules of the older eslint-plugin-n8n-nodes-base contradict the newer community rules
		// n8n's scanner applies; the newer rule wins and the older one is off for the whole package:
		// - inputs/outputs must be NodeConnectionTypes.Main (community), not the literal 'main';
		// - a credential's documentationUrl must be a URL (community), not an n8n-docs slug.
		files: ['nodes/**/*.ts', 'credentials/**/*.ts'],
		rules: {
			'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
			'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
			'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
		},
	},
	{
		...communityNodes.configs.recommended,
		files: ['nodes/**/*.ts', 'credentials/**/*.ts', 'package.json'],
		languageOptions: { parser: tsParser, parserOptions: { sourceType: 'module' } },
	},
];

// eslint-plugin-n8n-nodes-base lints package.json as a JS module (`module.exports = {...}`),
// the way its legacy config did with a JSON-as-JS processor.
function jsonAsModule(code) {
	return tsParser.parseForESLint(`module.exports = ${code}`, { sourceType: 'script', range: true, loc: true });
}
