/**
 * A dev-like n8n for the editor checks: n8n 2.40.7 from the runtime scripts, the packed package
 * installed as a community package, the sandbox in this process, an owner account, and Chromium
 * (Debian's, installed on first use) driven by playwright-core.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import {
	buildPackage,
	installIntoUserFolder,
	packPackage,
	type InstalledPackage,
} from '../../scripts/runtime/communityPackage';
import { ensureRuntime } from '../../scripts/runtime/install';
import { createInstance, startServer, type Server } from '../../scripts/runtime/n8nProcess';
import { RUNTIMES } from '../../scripts/runtime/runtimes';
import { openSandbox, type SandboxLink } from '../../scripts/runtime/sandboxLink';
import { freePort } from '../e2e/suite';

export const CHROMIUM = '/usr/bin/chromium';
export const OWNER = {
	email: 'ui@example.com',
	firstName: 'Ui',
	lastName: 'Check',
	password: 'Sandbox-Ui-2026',
};

export interface UiInstance {
	url: string;
	sandbox: SandboxLink;
	installed: InstalledPackage;
	browser: Browser;
	stop(): Promise<void>;
}

/** `apt-get install chromium` when it is missing (~13 s; needs root, as on CI machines). */
export function ensureChromium(): void {
	if (existsSync(CHROMIUM)) return;
	process.stderr.write('[ui] installing Debian chromium ...\n');
	execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
	execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], {
		stdio: 'inherit',
		env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
	});
}

export async function startUiInstance(): Promise<UiInstance> {
	ensureChromium();
	let tarball = process.env.E2E_TARBALL;
	if (!tarball) {
		buildPackage({ allowErrors: process.env.ALLOW_BUILD_ERRORS === '1' });
		tarball = packPackage();
	}
	const runtime = await ensureRuntime(RUNTIMES['n8n-2']);
	const sandbox = await openSandbox();
	const userFolder = mkdtempSync(join(tmpdir(), 'ui-n8n-'));
	const installed = installIntoUserFolder(tarball, userFolder);
	const instance = createInstance(runtime, {
		userFolder,
		port: await freePort(),
		brokerPort: await freePort(),
	});
	const log: string[] = [];
	let server: Server | undefined;
	try {
		server = await startServer(instance, (chunk) => log.push(chunk));
		const setup = await fetch(`${server.url}/rest/owner/setup`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(OWNER),
		});
		if (!setup.ok) throw new Error(`owner setup answered ${setup.status}: ${await setup.text()}`);
	} catch (error) {
		await server?.stop();
		await sandbox.close();
		process.stderr.write(log.join('').split('\n').slice(-40).join('\n'));
		throw error;
	}
	const running = server;
	let browser: Browser;
	try {
		browser = await launchChromium();
	} catch (error) {
		await running.stop();
		await sandbox.close();
		throw error;
	}
	return {
		url: running.url,
		sandbox,
		installed,
		browser,
		stop: async () => {
			await browser.close();
			await running.stop();
			await sandbox.close();
			if (process.env.UI_KEEP !== '1') rmSync(userFolder, { recursive: true, force: true });
		},
	};
}

/** Debian's Chromium, headless, offline, with a fresh profile (playwright's launch uses a temp one). */
async function launchChromium(): Promise<Browser> {
	return await chromium.launch({
		executablePath: CHROMIUM,
		headless: true,
		args: [
			'--headless',
			'--no-sandbox',
			'--disable-gpu',
			'--disable-quic',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
			'--no-first-run',
			'--disable-dev-shm-usage',
		],
	});
}
