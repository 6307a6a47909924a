/**
 * A failed trace load as the replay page shows it: the message, and the line of the trace when the failure
 * is at one (a parse error, a line too long), whatever threw it.
 */
import { LineTooLongError, TraceError, TraceParseError } from '../../trace/errors';

/** A load failure as the page shows it: the message, and the line when there is one. */
export function describeFailure(e: unknown): { message: string; line: number | null } {
  if (e instanceof TraceParseError) return { message: e.message, line: e.line };
  if (e instanceof LineTooLongError) return { message: e.message, line: e.line };
  if (e instanceof TraceError) return { message: e.message, line: null };
  if (e instanceof DOMException && e.name === 'AbortError') return { message: 'Loading was cancelled.', line: null };
  if (e instanceof RangeError)
    return { message: `The trace is too large for this tab's memory (${e.message}).`, line: null };
  return { message: e instanceof Error ? `${e.name}: ${e.message}` : String(e), line: null };
}
