import { DefaultLogger, Runtime } from '@temporalio/worker';

// Test output shows the SDK's warnings and errors only, not every bundle build and worker state.
Runtime.install({ logger: new DefaultLogger('WARN') });
