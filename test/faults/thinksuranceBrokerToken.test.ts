import { defineMatrixRow } from './suite';

describe('fault matrix', () => defineMatrixRow('thinksuranceBrokerToken'));
