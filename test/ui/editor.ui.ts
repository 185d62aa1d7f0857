/**
 * The package in n8n's editor, in a real browser: every node is found in the node creator by
 * name with the package's SVG icon (light and dark), its parameters panel renders with its
 * operations, and both credentials can be created from their forms and pass their test against
 * the sandbox. One screenshot per node goes to docs/screenshots/.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { REPO_ROOT } from '../../scripts/runtime/runtimes';
import { DEMO } from '../../scripts/runtime/sandboxLink';
import { OWNER, startUiInstance, type UiInstance } from './instance';

const SCREENSHOTS = join(REPO_ROOT, 'docs', 'screenshots');
const ICON_PREFIX = '/icons/n8n-nodes-scalepoint-thinksurance/dist/nodes/';

interface NodeCase {
	displayName: string;
	folder: string;
	icon: string;
	/** The creator entry: n8n lists a trigger under the node of the same name. */
	search: string;
	/** Action or trigger to pick in the entry's panel. */
	action: string;
	/** Texts the parameters panel must show (operation and its fields). */
	panelTexts: string[];
	/** Where the node's own icon is, when the creator entry is another node's (a merged trigger). */
	canvasFolder?: string;
	/** The subtitle the node shows on the canvas (screenshot canvas-<screenshot>). */
	canvasSubtitle?: string;
	screenshot: string;
}

const NODES: NodeCase[] = [
	{
		displayName: 'Scalepoint Self-Service',
		folder: 'ScalepointSelfService',
		icon: 'scalepoint',
		search: 'Scalepoint Self-Service',
		action: 'Submit case',
		panelTexts: ['Operation', 'Country', 'Tenant'],
		screenshot: 'scalepoint-self-service.png',
	},
	{
		displayName: 'Scalepoint Files (ECB)',
		folder: 'ScalepointFiles',
		icon: 'scalepoint',
		search: 'Scalepoint Files (ECB)',
		action: 'Submit files to case',
		panelTexts: ['Operation', 'Case ID', 'Security Token'],
		screenshot: 'scalepoint-files.png',
	},
	{
		displayName: 'Scalepoint Events',
		folder: 'ScalepointEvents',
		icon: 'scalepoint',
		search: 'Scalepoint Events',
		action: 'Publish event',
		panelTexts: ['Operation', 'Tenant', 'Payment Status', 'Payment UUID'],
		screenshot: 'scalepoint-events.png',
	},
	{
		displayName: 'Scalepoint Events Trigger',
		folder: 'ScalepointEvents',
		icon: 'scalepoint',
		search: 'Scalepoint Events',
		action: 'On new Scalepoint Events event',
		panelTexts: ['Poll Times', 'Start From', 'Event Types'],
		screenshot: 'scalepoint-events-trigger.png',
	},
	{
		displayName: 'Scalepoint Case Deletion',
		folder: 'ScalepointCaseDeletion',
		icon: 'scalepoint',
		search: 'Scalepoint Case Deletion',
		action: 'Delete case',
		panelTexts: ['Operation', 'Mode'],
		screenshot: 'scalepoint-case-deletion.png',
	},
	{
		displayName: 'Scalepoint Case Data',
		folder: 'ScalepointCaseData',
		icon: 'scalepoint',
		search: 'Scalepoint Case Data',
		action: 'Get settlement revision',
		panelTexts: ['Operation', 'Revision Token', 'API Version'],
		canvasSubtitle: 'Get settlement revision',
		screenshot: 'scalepoint-case-data.png',
	},
	{
		displayName: 'Thinksurance',
		folder: 'Thinksurance',
		icon: 'thinksurance',
		search: 'Thinksurance',
		action: 'Get many agency numbers',
		panelTexts: ['Operation', 'Return All'],
		canvasSubtitle: 'Get many agency numbers',
		screenshot: 'thinksurance.png',
	},
	{
		displayName: 'Thinksurance (inquiries)',
		folder: 'Thinksurance',
		icon: 'thinksurance',
		search: 'Thinksurance',
		action: 'Get many inquiries',
		panelTexts: ['Resource', 'Operation', 'Return All', 'Filters'],
		canvasSubtitle: 'Get many inquiries',
		screenshot: 'thinksurance-inquiries.png',
	},
	{
		displayName: 'Thinksurance Trigger',
		// n8n lists the trigger in the Thinksurance entry, which shows that node's icon.
		folder: 'Thinksurance',
		canvasFolder: 'ThinksuranceTrigger',
		icon: 'thinksurance',
		search: 'Thinksurance',
		action: 'On new Thinksurance event',
		panelTexts: ['Authentication'],
		screenshot: 'thinksurance-trigger.png',
	},
];

let ui: UiInstance;

beforeAll(async () => {
	mkdirSync(SCREENSHOTS, { recursive: true });
	ui = await startUiInstance();
}, 900_000);

afterAll(async () => {
	await ui?.stop();
});

async function signedInPage(theme: 'light' | 'dark' = 'light'): Promise<Page> {
	const context = await ui.browser.newContext({
		viewport: { width: 1440, height: 900 },
		colorScheme: theme,
	});
	// n8n reads its theme choice from local storage before the first paint.
	// (The dark page also asks for prefers-color-scheme: dark, which n8n's "system" theme follows.)
	await context.addInitScript({
		content: `window.localStorage.setItem('N8N_THEME', ${JSON.stringify(theme)});`,
	});
	const page = await context.newPage();
	await page.goto(`${ui.url}/signin`);
	await page.locator('input[name="emailOrLdapLoginId"]').fill(OWNER.email);
	await page.locator('input[name="password"]').fill(OWNER.password);
	await page.keyboard.press('Enter');
	await page.waitForURL(/\/home\//, { timeout: 60_000 });
	return page;
}

async function searchNode(page: Page, name: string) {
	await page.goto(`${ui.url}/workflow/new`);
	await page.locator('[data-test-id="canvas-plus-button"]').waitFor({ timeout: 60_000 });
	await page.locator('[data-test-id="canvas-plus-button"]').click();
	await page.locator('[data-test-id="node-creator-search-bar"]').fill(name);
	const exactly = new RegExp(`^\\s*${name.replace(/[()]/g, '\\$&')}\\s*$`);
	const item = page
		.locator('[data-test-id="item-iterator-item"]')
		.filter({
			has: page.locator('[data-test-id="node-creator-item-name"]', { hasText: exactly }),
		})
		.first();
	await item.waitFor({ timeout: 30_000 });
	return item;
}

/** Picks an action or trigger in a creator entry's panel. */
async function pickAction(page: Page, name: string) {
	const action = page.getByText(name, { exact: true }).first();
	// An entry that also has a trigger opens with its actions section folded.
	if (!(await action.isVisible({ timeout: 3000 }).catch(() => false)))
		await page
			.getByText(/^Actions \(\d+\)$/)
			.first()
			.click();
	await action.click();
}

describe('n8n 2.40.7 editor with the packed package', () => {
	let page: Page;
	let darkPage: Page;

	beforeAll(async () => {
		page = await signedInPage('light');
		darkPage = await signedInPage('dark');
	}, 120_000);

	const only = process.env.UI_NODES;
	for (const node of NODES.filter((n) => !only || only.split(',').includes(n.displayName))) {
		it(`${node.displayName}: found by name, package icon, parameters panel with its operation`, async () => {
			const item = await searchNode(page, node.search);
			const lightIcon = `${ICON_PREFIX}${node.folder}/${node.icon}.svg`;
			expect(await item.locator('img').first().getAttribute('src')).toBe(lightIcon);
			const served = await page.request.get(`${ui.url}${lightIcon}`);
			expect(served.status()).toBe(200);
			expect(await served.text()).toContain('<svg');

			await item.click();
			await pickAction(page, node.action);
			for (const text of node.panelTexts)
				await expect(
					page.getByText(text, { exact: true }).first().waitFor({ timeout: 30_000 }),
				).resolves.toBeUndefined();
			if (node.displayName === 'Scalepoint Events')
				// Payment Status is a list with the documented value preselected (and "Other").
				expect(
					await page.locator('[data-test-id="parameter-input-paymentStatus"] input').inputValue(),
				).toBe('Canceled');
			await page.waitForTimeout(500);
			await page.screenshot({ path: join(SCREENSHOTS, node.screenshot) });

			// Back on the canvas: the node shows the same icon.
			await page.keyboard.press('Escape');
			if (node.canvasSubtitle) {
				// The subtitle names the action in words (not "getAll: agencyNumber").
				await page
					.locator('[data-test-id="canvas-node"]')
					.getByText(node.canvasSubtitle, { exact: true })
					.first()
					.waitFor({ timeout: 30_000 });
				await page.screenshot({ path: join(SCREENSHOTS, `canvas-${node.screenshot}`) });
			}
			const canvasIcons = await page
				.locator('[data-test-id="canvas-node"] img')
				.evaluateAll((images) => images.map((image) => image.getAttribute('src')));
			expect(canvasIcons).toContain(
				`${ICON_PREFIX}${node.canvasFolder ?? node.folder}/${node.icon}.svg`,
			);
		});

		it(`${node.displayName}: dark theme shows the dark icon`, async () => {
			const item = await searchNode(darkPage, node.search);
			const darkIcon = `${ICON_PREFIX}${node.folder}/${node.icon}.dark.svg`;
			expect(await item.locator('img').first().getAttribute('src')).toBe(darkIcon);
			const served = await darkPage.request.get(`${ui.url}${darkIcon}`);
			expect(served.status()).toBe(200);
			expect(await served.text()).toContain('<svg');
		});
	}

	/** Opens the node's panel from the creator and its "Connect to …" credential form. */
	async function openCredentialForm(search: string, action: string, connect: string) {
		const item = await searchNode(page, search);
		await item.click();
		await pickAction(page, action);
		await page.getByText(connect, { exact: true }).first().click();
		const modal = page.locator('[data-test-id="editCredential-modal"]');
		await modal.waitFor({ timeout: 30_000 });
		return modal;
	}

	async function choose(parameter: string, option: string) {
		await page.locator(`[data-test-id="parameter-input-${parameter}"]`).click();
		// An option with a description has it in its accessible name too: match the name's start.
		const startsWith = new RegExp(`^${option.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`);
		await page.getByRole('option', { name: startsWith }).first().click();
	}

	async function fill(parameter: string, value: string) {
		await page.locator(`[data-test-id="parameter-input-${parameter}"] input`).fill(value);
	}

	/**
	 * Saving a new credential runs its test; in 2.40 a form opened from a node panel closes when
	 * the test passes and stays open with "Couldn't connect" when it fails.
	 */
	async function saveAndExpectTested(modal: ReturnType<Page['locator']>, screenshot: string) {
		// The filled-in form from its top (secrets are masked by n8n).
		await modal.locator('[data-test-id="parameter-input-environment"]').scrollIntoViewIfNeeded();
		await page.waitForTimeout(500);
		await page.screenshot({ path: join(SCREENSHOTS, screenshot) });
		await modal.locator('[data-test-id="credential-save-button"]').click();
		await modal.waitFor({ state: 'hidden', timeout: 30_000 }).catch(async (error) => {
			await page.screenshot({ path: join(SCREENSHOTS, `failed-${screenshot}`) });
			throw error;
		});
		expect(await page.getByText(/couldn.t connect/i).count()).toBe(0);
		// The node panel now has the new credential selected.
		expect(
			await page.locator('[data-test-id="node-credentials-slot"] input').first().inputValue(),
		).toMatch(/ account$/);
	}

	it('Scalepoint API credential: created from its form (custom token URL and API host, certificate and key), the test obtains a token against the sandbox', async () => {
		await ui.sandbox.clearJournal();
		const modal = await openCredentialForm(
			'Scalepoint Self-Service',
			'Submit case',
			'Connect to Scalepoint',
		);
		await choose('environment', 'Custom (Project Server)');
		await fill('customTokenUrl', ui.sandbox.tokenUrl);
		await fill('customApiHost', ui.sandbox.url);
		await fill('clientId', DEMO.scalepointClientId);
		// Password inputs are single-line: the browser drops the PEM line breaks, the credential
		// restores them (normalisePem). This is what a user pasting a PEM gets.
		await fill('certificate', ui.sandbox.keys.certificatePem);
		await fill('privateKey', ui.sandbox.keys.privateKeyPem);
		await page.locator('[data-test-id="parameter-input-scopes"]').click();
		await page
			.getByRole('option', { name: 'Self-Service Submit (self-service:submit)', exact: true })
			.click();
		await page.keyboard.press('Escape');
		await saveAndExpectTested(modal, 'credential-scalepoint.png');

		const tokens = await ui.sandbox.requests('scalepoint.token');
		expect(tokens.length).toBeGreaterThanOrEqual(1);
		expect(tokens[0].bodyText).toContain('client_assertion=');
		expect(tokens[0].bodyText).toContain('scope=self-service%3Asubmit');
		expect(tokens.every((entry) => entry.status === 200)).toBe(true);
		// The test (the nodes' scalepointApiTest) obtains a token and stops there: no undocumented
		// discovery document is read.
		expect(await ui.sandbox.requests('scalepoint.discovery')).toHaveLength(0);
	});

	it('Thinksurance API credential: created from its form (custom base URL), the test passes against the sandbox', async () => {
		await ui.sandbox.clearJournal();
		const modal = await openCredentialForm(
			'Thinksurance',
			'Get many agency numbers',
			'Connect to Thinksurance',
		);
		await choose('environment', 'Custom Base URL');
		await fill('customBaseUrl', ui.sandbox.url);
		await fill('hash', DEMO.thinksurance.hash);
		await fill('secret', DEMO.thinksurance.secret);
		await fill('brokerToken', DEMO.thinksurance.brokerTokens[0]);
		await saveAndExpectTested(modal, 'credential-thinksurance.png');

		const tokens = await ui.sandbox.requests('thinksurance.token');
		expect(tokens.length).toBeGreaterThanOrEqual(1);
		expect(tokens.every((entry) => entry.status === 200)).toBe(true);
		// The credential test lists agency numbers with the token and the broker token.
		const [tested] = await ui.sandbox.requests('thinksurance.agencyNumbers.list');
		expect(tested.status).toBe(200);
		expect(tested.headers.authorization).toMatch(/^Bearer \S+$/);
		expect(tested.headers['x-broker-token']).toBe(DEMO.thinksurance.brokerTokens[0]);
		expect(tokens[0].json).toEqual({
			hash: DEMO.thinksurance.hash,
			secret: DEMO.thinksurance.secret,
		});
	});
});
