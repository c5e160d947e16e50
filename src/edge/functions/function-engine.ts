// Runs CloudFront function code in QuickJS compiled to WebAssembly (quickjs-emscripten), one fresh runtime
// and context per invocation: the code shares no object with the host, its heap has a malloc limit, its
// stack a size limit, a wall-clock deadline interrupts it, and the whole engine lives in a WebAssembly memory
// with a hard maximum. A fault that escapes the engine discards the WebAssembly instance; the next
// invocation loads a fresh one. Measurements and the choice over node:vm: docs/decisions/functions-engine.md.

import {
  newQuickJSWASMModule,
  newVariant,
  type QuickJSContext,
  type QuickJSHandle,
  type QuickJSWASMModule,
  RELEASE_SYNC,
} from 'quickjs-emscripten';
import {
  DEFAULT_ENGINE_LIMITS,
  KVS_KEY_MAX_BYTES,
  type FunctionEngineLimits,
  type FunctionEventType,
  type FunctionRuntime,
} from './function-limits.ts';
import { FunctionLogBuffer } from './function-logs.ts';
import { hostDigest } from './host-digest.ts';
import { type KeyValueStore, keyValueStoreMeta } from './key-value-store.ts';
import { decideOriginModification, type OriginModification } from './origin-modification.ts';
import { MODULE_SOURCES } from './sandbox-modules.ts';
import { preludeSource } from './sandbox-prelude.ts';

/** Ceiling of the engine's WebAssembly memory: a runaway allocation fails here even where QuickJS's
 *  own accounting misses it (measured: pre-sized arrays filled in a loop). */
const WASM_MEMORY_MAX_PAGES = 512; // 32 MiB
const WASM_MEMORY_INITIAL_PAGES = 256;
/** Room for the engine's own context on top of the function's 2 MB (measured: ~90 KB with the prelude,
 *  more once Buffer and crypto are loaded). */
const ENGINE_BASELINE_BYTES = 256 * 1024;
/** Time allowed for the engine's own setup (prelude) before the function's budget starts. */
const SETUP_BUDGET_MS = 1000;

export interface FunctionInvocation {
  /** The prepared program (runtime-subset.ts), not the raw code. */
  readonly program: string;
  readonly runtime: FunctionRuntime;
  readonly eventType: FunctionEventType;
  readonly event: unknown;
  /** The query string as received, without `?`; undefined when the request had no `?`. */
  readonly rawQueryString?: string;
  /** The store associated with the function, as it is at this request. */
  readonly keyValueStore?: KeyValueStore;
}

export type InvocationStatus = 'succeeded' | 'FunctionExecutionError' | 'FunctionThrottledError';

export interface InvocationOutcome {
  readonly status: InvocationStatus;
  /** The handler's return value as JSON data; undefined when it returned undefined or failed. */
  readonly output: unknown;
  readonly errorMessage?: string;
  readonly logs: readonly string[];
  readonly durationMs: number;
  /** 0–100: the share of the compute budget the function used. */
  readonly computeUtilization: number;
  readonly originModifications: readonly OriginModification[];
}

export interface FunctionEngine {
  invoke(invocation: FunctionInvocation): Promise<InvocationOutcome>;
  /** The engine's syntax error for the program, or undefined when it compiles. */
  compile(program: string): Promise<string | undefined>;
}

export interface FunctionEngineOptions {
  readonly limits?: FunctionEngineLimits;
  /** Wall clock (ms) for durations. */
  readonly now?: () => number;
  /** This thread's CPU time (ms): the compute budget counts the function's own work, not the machine's load. */
  readonly cpuNow?: () => number;
}

function threadCpuMs(): number {
  const usage = process.threadCpuUsage();
  return (usage.user + usage.system) / 1000;
}

/** Run once per fresh WebAssembly instance so V8's lazy compilation of the engine is not billed to a function. */
const WARM_UP_PROGRAM = `var crypto = require('crypto');
var qs = require('querystring');
async function handler(event) {
  crypto.createHmac('sha256', 'k').update(event.request.uri).digest('hex');
  qs.stringify(qs.parse('a=1&b=2'));
  console.info(JSON.stringify(event));
  return Buffer.from(await Promise.resolve('warm')).toString('base64');
}`;

function loadModule(): Promise<QuickJSWASMModule> {
  const wasmMemory = new WebAssembly.Memory({
    initial: WASM_MEMORY_INITIAL_PAGES,
    maximum: WASM_MEMORY_MAX_PAGES,
  });
  return newQuickJSWASMModule(newVariant(RELEASE_SYNC, { wasmMemory }));
}

function errorText(vm: QuickJSContext, handle: QuickJSHandle): string {
  const value = vm.dump(handle) as { name?: unknown; message?: unknown } | unknown;
  if (value !== null && typeof value === 'object' && 'message' in value) {
    const { name, message } = value as { name?: unknown; message?: unknown };
    return `${typeof name === 'string' ? name : 'Error'}: ${String(message)}`;
  }
  return `Uncaught ${JSON.stringify(value) ?? String(value)}`;
}

function utilization(elapsedMs: number, budgetMs: number): number {
  return Math.min(100, Math.max(0, Math.round((100 * elapsedMs) / budgetMs)));
}

export function createFunctionEngine(options: FunctionEngineOptions = {}): FunctionEngine {
  const limits = options.limits ?? DEFAULT_ENGINE_LIMITS;
  const now = options.now ?? (() => performance.now());
  const cpuNow = options.cpuNow ?? threadCpuMs;
  let module: Promise<QuickJSWASMModule> | undefined;
  const getModule = () =>
    (module ??= loadModule().then((quickjs) => {
      const event = {
        version: '1.0',
        context: { eventType: 'viewer-request' },
        viewer: { ip: '' },
        request: { uri: '/' },
      };
      run(quickjs, {
        program: WARM_UP_PROGRAM,
        runtime: 'cloudfront-js-2.0',
        eventType: 'viewer-request',
        event,
      });
      return quickjs;
    }));

  async function invoke(invocation: FunctionInvocation): Promise<InvocationOutcome> {
    return run(await getModule(), invocation);
  }

  function run(quickjs: QuickJSWASMModule, invocation: FunctionInvocation): InvocationOutcome {
    const logs = new FunctionLogBuffer();
    const originModifications: OriginModification[] = [];
    const owned: QuickJSHandle[] = [];
    let deadline = cpuNow() + SETUP_BUDGET_MS;
    let interrupted = false;
    let started = now();
    let startedCpu = cpuNow();
    const finish = (status: InvocationStatus, output: unknown, errorMessage?: string): InvocationOutcome => {
      const durationMs = now() - started;
      const cpuMs = cpuNow() - startedCpu;
      // Only an interrupted run is throttled: a run that finished past the budget on a loaded machine
      // reports ComputeUtilization 100 but keeps its result (docs/decisions/functions-engine.md).
      const finalStatus: InvocationStatus = interrupted ? 'FunctionThrottledError' : status;
      return {
        status: finalStatus,
        output: finalStatus === 'succeeded' ? output : undefined,
        ...(finalStatus === 'FunctionThrottledError'
          ? { errorMessage: 'The function exceeded the maximum allowed compute time' }
          : errorMessage === undefined
            ? {}
            : { errorMessage }),
        logs: logs.lines(),
        durationMs,
        computeUtilization: utilization(cpuMs, limits.computeBudgetMs),
        originModifications: finalStatus === 'succeeded' ? originModifications : [],
      };
    };
    const hostCall = (op: string, args: readonly string[]): string | undefined => {
      switch (op) {
        case 'log':
          logs.push(args[0] ?? '');
          return undefined;
        case 'digest':
          return hostDigest(args[0]!, args[1]!, args[2]!, args[3]!, invocation.runtime);
        case 'kvs': {
          const [operation, key, id] = args as [string, string, string];
          const store = invocation.keyValueStore;
          if (store === undefined) throw new Error('No key value store is associated with this function');
          if (id !== '' && id !== store.id && id !== store.arn)
            throw new Error(`Key value store ${id} is not associated with this function`);
          if (Buffer.byteLength(key) > KVS_KEY_MAX_BYTES)
            throw new Error(`Key exceeds ${KVS_KEY_MAX_BYTES} bytes`);
          if (operation === 'get') return store.entries.get(key);
          if (operation === 'exists') return String(store.entries.has(key));
          if (operation === 'meta') return JSON.stringify(keyValueStoreMeta(store));
          return undefined;
        }
        case 'origin':
          originModifications.push(
            decideOriginModification(args[0]!, JSON.parse(args[1]!), invocation.eventType),
          );
          return undefined;
        default:
          throw new Error(`Unknown host call ${op}`);
      }
    };
    const runtime = quickjs.newRuntime();
    let vm: QuickJSContext | undefined;
    try {
      runtime.setMemoryLimit(limits.memoryLimitBytes + ENGINE_BASELINE_BYTES);
      runtime.setMaxStackSize(limits.maxStackBytes);
      runtime.setInterruptHandler(() => (cpuNow() > deadline ? (interrupted = true) : false));
      const context = runtime.newContext();
      vm = context;
      // One host entry point (a QuickJS host function costs tens of microseconds to create); the prelude
      // wraps it into the capabilities the built-in modules use and removes it from the global object.
      const host = context.newFunction('__fg_host', (opHandle, ...argHandles) => {
        const op = context.getString(opHandle);
        const args = argHandles.map((arg) => String(context.dump(arg)));
        if (op === 'load') {
          const source = MODULE_SOURCES[args[0]!];
          if (source === undefined) throw new Error(`Cannot find module "${args[0]}"`);
          return context.evalCode(source, `${args[0]}.js`, { strict: true });
        }
        const result = hostCall(op, args);
        return result === undefined ? undefined : context.newString(result);
      });
      context.setProp(context.global, '__fg_host', host);
      host.dispose();
      const invokeFn = context.unwrapResult(
        context.evalCode(preludeSource(invocation.runtime, invocation.eventType), 'prelude.js'),
      );
      owned.push(invokeFn);

      started = now();
      startedCpu = cpuNow();
      deadline = startedCpu + limits.computeBudgetMs;
      const loaded = context.evalCode(invocation.program, 'function.js', { strict: true });
      if (loaded.error) {
        const message = errorText(context, loaded.error);
        loaded.error.dispose();
        return finish('FunctionExecutionError', undefined, message);
      }
      loaded.value.dispose();
      const eventJson = context.newString(JSON.stringify(invocation.event));
      const rawQuery = context.newString(invocation.rawQueryString ?? '\u0000');
      owned.push(eventJson, rawQuery);
      const called = context.callFunction(invokeFn, context.undefined, eventJson, rawQuery);
      if (called.error) {
        const message = errorText(context, called.error);
        called.error.dispose();
        return finish('FunctionExecutionError', undefined, message);
      }
      const box = called.value;
      owned.push(box);
      while (runtime.hasPendingJob()) {
        const ran = runtime.executePendingJobs();
        if (ran.error) {
          const message = errorText(context, ran.error);
          ran.error.dispose();
          return finish('FunctionExecutionError', undefined, message);
        }
      }
      const read = (key: string) => {
        const handle = context.getProp(box, key);
        const value = context.dump(handle) as unknown;
        handle.dispose();
        return value;
      };
      if (read('done') !== true) {
        return finish(
          'FunctionExecutionError',
          undefined,
          'Error: the promise returned by handler never settled',
        );
      }
      const error = read('error');
      if (typeof error === 'string') return finish('FunctionExecutionError', undefined, error);
      const output = read('output');
      return finish('succeeded', output === 'undefined' ? undefined : JSON.parse(String(output)));
    } catch (fault) {
      // Something escaped QuickJS's own checks (the host's wasm stack, an engine abort): this instance
      // is no longer trusted.
      module = undefined;
      return finish('FunctionExecutionError', undefined, `InternalError: ${(fault as Error).message}`);
    } finally {
      try {
        for (const handle of owned) if (handle.alive) handle.dispose();
        vm?.dispose();
        runtime.dispose();
      } catch {
        module = undefined;
      }
    }
  }

  async function compile(program: string): Promise<string | undefined> {
    const quickjs = await getModule();
    const runtime = quickjs.newRuntime();
    runtime.setMemoryLimit(limits.memoryLimitBytes + ENGINE_BASELINE_BYTES);
    runtime.setMaxStackSize(limits.maxStackBytes);
    const context = runtime.newContext();
    try {
      const compiled = context.evalCode(program, 'function.js', { strict: true, compileOnly: true });
      if (compiled.error) {
        const message = errorText(context, compiled.error);
        compiled.error.dispose();
        return message;
      }
      compiled.value.dispose();
      return undefined;
    } finally {
      context.dispose();
      runtime.dispose();
    }
  }

  return { invoke, compile };
}
