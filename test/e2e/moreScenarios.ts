/**
 * Workflow variants for the scenarios beyond the success paths: Scalepoint Files reading a file from
 * disk (filesystem binary storage), one vendor error per node with "continue (using error output)",
 * and the Events trigger with an observer node that reports every emitted item to the sandbox.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { freePort } from '../../scripts/runtime/ports';
import { join } from 'node:path';
import type { Workflow, WorkflowNode } from './workflows';

export const FILES_EXAMPLE = 'scalepoint-files-submit-from-disk.json';
export const TRIGGER_EXAMPLE = 'scalepoint-events-trigger.json';
/** Events Trigger (case_settled) → Get settlement revision → No Operation: activated, not executed. */
export const SETTLED_EXAMPLE = 'scalepoint-events-trigger-case-settled.json';

/** 20 MB, the size the brief asks for: far above what fits comfortably in one JSON log line. */
export const BIG_FILE_BYTES = 20 * 1024 * 1024;
export const BIG_FILE = 'damage-report.pdf';
export const SMALL_FILE = 'note.pdf';
export const OPEN_ECB_CASE = '11111111-1111-1111-1111-111111111111';
export const CLOSED_ECB_CASE = '33333333-3333-3333-3333-333333333333';
/** Where the observer node of the trigger workflow posts each emitted item (journaled as unknown). */
export const OBSERVER_PATH = '/e2e-observed/trigger-item';
/** Where the case_settled example reports what reached its last node. */
export const SETTLED_OBSERVER_PATH = '/e2e-observed/settlement-item';

/** The folder n8n may read from (N8N_RESTRICT_FILE_ACCESS_TO) with the files the workflows read. */
export function writeInputFiles(dir: string): { big: string; small: string } {
	mkdirSync(dir, { recursive: true });
	const big = join(dir, BIG_FILE);
	// Random bytes: nothing on the way (compression, text decoding) can shrink or alter them unseen.
	writeFileSync(big, randomBytes(BIG_FILE_BYTES));
	const small = join(dir, SMALL_FILE);
	writeFileSync(small, '%PDF-1.4\n% a small note\n');
	return { big, small };
}

function nodeOfType(workflow: Workflow, typeSuffix: string): WorkflowNode {
	const node = workflow.nodes.find((candidate) => candidate.type.endsWith(typeSuffix));
	if (!node) throw new Error(`workflow ${workflow.name} has no ${typeSuffix} node`);
	return node;
}

/** The Files example reading `path` into case `caseId`. */
export function filesFrom(path: string, caseId = OPEN_ECB_CASE) {
	return (workflow: Workflow) => {
		nodeOfType(workflow, '.readWriteFile').parameters.fileSelector = path;
		nodeOfType(workflow, '.scalepointFiles').parameters.caseId = caseId;
	};
}

/** Any example that reads a file from disk reads `path` instead (inside N8N_RESTRICT_FILE_ACCESS_TO). */
export function readingFile(path: string) {
	return (workflow: Workflow) => {
		for (const node of workflow.nodes)
			if (node.type.endsWith('.readWriteFile')) node.parameters.fileSelector = path;
	};
}

/** Change parameters of the workflow's package node (and make sure it routes errors to output 1). */
export function withParameters(typeSuffix: string, parameters: Record<string, unknown>) {
	return (workflow: Workflow) => {
		const node = nodeOfType(workflow, typeSuffix);
		node.parameters = { ...node.parameters, ...parameters };
		node.onError = 'continueErrorOutput';
	};
}

/**
 * The trigger example with a short long-poll timeout and, after the trigger, an HTTP Request node
 * that posts each emitted item to the sandbox: what the workflow received becomes visible in the
 * sandbox journal (route "unknown"), the same way for n8n 1.x and 2.x. The sandbox answers 404
 * there, so the observer continues on error.
 */
export function observedTrigger(sandboxUrl: string) {
	return (workflow: Workflow) => {
		const trigger = nodeOfType(workflow, '.scalepointEventsTrigger');
		trigger.parameters = {
			...trigger.parameters,
			startFrom: 'oldest',
			options: { longPollTimeoutSeconds: 3 },
		};
		workflow.nodes = workflow.nodes.filter((node) => node === trigger);
		workflow.nodes.push({
			id: `${workflow.id}-observer`,
			name: 'Report to sandbox',
			type: 'n8n-nodes-base.httpRequest',
			typeVersion: 4.2,
			position: [240, 0],
			onError: 'continueRegularOutput',
			parameters: {
				method: 'POST',
				url: `${sandboxUrl}${OBSERVER_PATH}`,
				sendBody: true,
				specifyBody: 'json',
				jsonBody: '={{ JSON.stringify($json) }}',
				options: {},
			},
		});
		workflow.connections = {
			[trigger.name]: { main: [[{ node: 'Report to sandbox', type: 'main', index: 0 }]] },
		};
	};
}

/**
 * The case_settled example as shipped (trigger → Get settlement revision → "Your next step"), with
 * a short long-poll timeout and an observer after its last node that posts each item reaching it
 * to the sandbox (journaled as unknown at SETTLED_OBSERVER_PATH).
 */
export function observedSettlement(sandboxUrl: string) {
	return (workflow: Workflow) => {
		const trigger = nodeOfType(workflow, '.scalepointEventsTrigger');
		const last = nodeOfType(workflow, '.noOp');
		trigger.parameters = {
			...trigger.parameters,
			options: { ...(trigger.parameters.options as object), longPollTimeoutSeconds: 3 },
		};
		workflow.nodes.push({
			id: `${workflow.id}-observer`,
			name: 'Report to sandbox',
			type: 'n8n-nodes-base.httpRequest',
			typeVersion: 4.2,
			position: [720, 0],
			onError: 'continueRegularOutput',
			parameters: {
				method: 'POST',
				url: `${sandboxUrl}${SETTLED_OBSERVER_PATH}`,
				sendBody: true,
				specifyBody: 'json',
				jsonBody: '={{ JSON.stringify($json) }}',
				options: {},
			},
		});
		const connections = workflow.connections as Record<string, unknown>;
		connections[last.name] = {
			main: [[{ node: 'Report to sandbox', type: 'main', index: 0 }]],
		};
	};
}

export { freePort };
