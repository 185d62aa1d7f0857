import * as nodeModule from 'node:module';
import type * as Jose from 'jose' with { 'resolution-mode': 'import' };

/**
 * jose 6 is ESM-only. Node >= 20.19 can require() ES modules, but jest's CommonJS runtime refuses
 * to on Node < 24.9 unless jose is transformed (the jest config does not). Loading it through
 * Node's own loader (`Module._load`, which jest copies unpatched) works under jest and ts-node
 * alike. Only strings, Dates and keys cross over, which are safe between jest's realms.
 */
type ModuleWithLoad = {
	Module: { _load(request: string, parent: null, isMain: boolean): unknown };
};

let loaded: typeof Jose | undefined;

export function jose(): typeof Jose {
	if (!loaded) {
		const { Module } = nodeModule as unknown as ModuleWithLoad;
		loaded = Module._load(require.resolve('jose'), null, false) as typeof Jose;
	}
	return loaded;
}
