// A real n8n CLI process occasionally dies at exit on a loaded 2-core machine (seen once: killed
// by a signal after 11 s, far below any timeout). One retry tells that apart from a product
// failure, which fails both attempts; the first attempt's errors are still printed.
jest.retryTimes(1, { logErrorsBeforeRetry: true });
