/**
 * The one small message handler both sides use over the protocol (protocol.ts): send events,
 * send requests and await typed replies (rejecting with a RequestError on an error reply and
 * after a timeout), and dispatch incoming messages to a handler table. Every request that
 * arrives gets exactly one reply: the handler's answer, or a typed error when the message fails
 * the receiver's check, names no known type, the handler throws, or it answers nothing.
 * Imports nothing outside src/shared.
 */
import type {
  Envelope, EventHandlers, MessageOf, ReplyError, ReplyErrorCode, RequestHandlers, RequestType, ResponseMap,
} from './protocol';
import { errorText } from './errors';

/** A request that got no answer: why (code) and a message for the user. */
export class RequestError extends Error {
  constructor(readonly code: ReplyErrorCode, message: string) {
    super(message);
    this.name = 'RequestError';
  }
}

/** What the receiving side does with incoming messages (replies aside). */
export interface Receiver<In extends { type: string }> {
  /**
   * Checks a message before any handler sees it and returns it typed; throws a RequestError
   * ('malformed', 'unknownType') to refuse it. Without it, messages are trusted as they come.
   */
  check?(body: unknown): In;
  /** Answers requests (the host's table; the webview answers none). */
  requests?: RequestHandlers;
  /** Handles events. */
  events: EventHandlers<In>;
  /** An event handler failed (events have no reply to carry it). Default: console.error. */
  onEventError?(e: unknown, msg: In): void;
}

type AnyHandler = (msg: unknown) => unknown;

/** The handler of `type` in a table, never one inherited from Object.prototype ('toString'). */
function own(table: object | undefined, type: string): AnyHandler | undefined {
  if (!table || !Object.prototype.hasOwnProperty.call(table, type)) return undefined;
  const h = (table as Record<string, unknown>)[type];
  return typeof h === 'function' ? (h as AnyHandler) : undefined;
}

function isEnvelope(v: unknown): v is Envelope<unknown> {
  if (typeof v !== 'object' || v === null) return false;
  const e = v as Envelope<unknown>;
  return Number.isSafeInteger(e.id) && (e.inReplyTo === undefined || Number.isSafeInteger(e.inReplyTo));
}

function replyErrorOf(e: unknown): ReplyError {
  if (e instanceof RequestError) return { code: e.code, message: e.message };
  return { code: 'failed', message: errorText(e) };
}

export class MessageHandler<In extends { type: string }, Out extends { type: string }> {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void; timer: ReturnType<typeof setTimeout> }>();

  constructor(
    /** Sends an envelope: an event or request (body: Out) or a reply (inReplyTo set, body: a response). */
    private readonly post: (msg: Envelope<unknown>) => void,
    private readonly receiver: Receiver<In>,
    private readonly timeoutMs = 60_000,
  ) {}

  sendEvent(body: Out): void {
    this.post({ id: this.nextId++, body });
  }

  sendRequest<K extends RequestType & Out['type']>(body: MessageOf<Out, K>): Promise<ResponseMap[K]> {
    const id = this.nextId++;
    return new Promise<ResponseMap[K]>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new RequestError('timeout', `No reply to '${body.type}' after ${this.timeoutMs} ms`));
      }, this.timeoutMs);
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, timer });
      this.post({ id, body });
    });
  }

  /** Feed every incoming message here (anything: it is checked before use). */
  async handleMessage(raw: unknown): Promise<void> {
    // Without an id there is no one to answer: not one of ours.
    if (!isEnvelope(raw)) return;
    if (raw.inReplyTo !== undefined) {
      this.settle(raw);
      return;
    }
    let msg: In;
    try {
      msg = this.receiver.check ? this.receiver.check(raw.body) : (raw.body as In);
      if (typeof msg !== 'object' || msg === null || typeof msg.type !== 'string') {
        throw new RequestError('malformed', 'a message is an object with a string "type"');
      }
    } catch (e) {
      this.reply(raw.id, undefined, replyErrorOf(e));
      return;
    }
    const request = own(this.receiver.requests, msg.type);
    if (request) {
      try {
        const answer = await request(msg);
        if (answer === undefined) throw new RequestError('noAnswer', `'${msg.type}' produced no answer`);
        this.reply(raw.id, answer);
      } catch (e) {
        this.reply(raw.id, undefined, replyErrorOf(e));
      }
      return;
    }
    const event = own(this.receiver.events, msg.type);
    if (event) {
      try {
        await event(msg);
      } catch (e) {
        (this.receiver.onEventError ?? ((err: unknown) => console.error(err)))(e, msg);
      }
      return;
    }
    this.reply(raw.id, undefined, { code: 'unknownType', message: `unknown message type ${JSON.stringify(msg.type.slice(0, 60))}` });
  }

  private settle(env: Envelope<unknown>): void {
    const p = this.pending.get(env.inReplyTo!);
    if (!p) return;
    this.pending.delete(env.inReplyTo!);
    clearTimeout(p.timer);
    const err = env.error;
    if (err !== undefined) {
      const ok = typeof err === 'object' && err !== null && typeof err.message === 'string';
      p.reject(new RequestError(ok ? err.code : 'failed', ok ? err.message : String(err)));
    } else p.resolve(env.body);
  }

  private reply(inReplyTo: number, body: unknown, error?: ReplyError): void {
    this.post(error ? { id: this.nextId++, inReplyTo, error } : { id: this.nextId++, inReplyTo, body });
  }

  dispose(): void {
    for (const p of this.pending.values()) {
      clearTimeout(p.timer);
      p.reject(new RequestError('disposed', 'disposed'));
    }
    this.pending.clear();
  }
}
