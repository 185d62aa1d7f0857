import { describeRuntime } from './suite';

describeRuntime('n8n-1');
