import { SCENARIOS } from '../model/vqsim/scenarios';

/** Placeholder until the visualizer lands: lists the scenarios the model runs. */
export function App() {
  return (
    <main>
      <h1>Ringside</h1>
      <p>A deterministic simulator of virtio split virtqueues. The visualizer is on its way; the model runs today from the command line: <code>npm run sim -- --scenario steady --seed 1</code>.</p>
      <h2>Scenarios</h2>
      <ul>
        {SCENARIOS.filter((s) => !s.hostile).map((s) => (
          <li key={s.name}>
            <strong>{s.title}</strong> — {s.description}
          </li>
        ))}
      </ul>
    </main>
  );
}
