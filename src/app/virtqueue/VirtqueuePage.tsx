/**
 * The virtqueue view: starts the store from the URL, the play loop, URL sync and the
 * test hook — only on this page, so other views own their URLs.
 */
import { App } from './VirtqueueView';
import { loadFromLocation, store } from './appStore';
import { installHook, startPlayLoop, startUrlSync } from './runtime';

loadFromLocation();
startPlayLoop(store);
startUrlSync(store);
installHook(store);

export default function VirtqueuePage() {
  return <App />;
}
