/** The map of the course: every lesson, what it teaches, how long it takes, what comes before it, and how far the reader got. */
import { useState } from 'react';
import { LESSONS, PARTS, type LessonInfo } from './catalog';
import { GLOSSARY_PATH } from './glossary';
import { lessonHref } from './lesson-url';
import { loadProgress, resetProgress, type Progress } from './progress';

function Card({ l, progress }: { l: LessonInfo; progress: Progress }) {
  const p = progress[l.id];
  const before = l.requires.map((id) => LESSONS.find((x) => x.id === id)).filter((x): x is LessonInfo => !!x);
  return (
    <li className="lesson-card" data-testid={`lesson-${l.id}`}>
      <a href={lessonHref(l.id)} className="lesson-card-link">
        <span className="lesson-card-no" aria-hidden="true">
          {l.number}
        </span>
        <span className="lesson-card-title">
          <span className="sr-only">Lesson {l.number}: </span>
          {l.title}
        </span>
      </a>
      <p>{l.summary}</p>
      <p className="muted lesson-card-meta">
        About {l.minutes} minutes
        {before.length > 0 && <> · after {before.map((b) => `${b.number}. ${b.title}`).join(', ')}</>}
        {p && p.seen.length > 0 && (
          <>
            {' '}
            · <span data-testid={`lesson-${l.id}-progress`}>{p.seen.length} steps seen</span>
          </>
        )}
      </p>
    </li>
  );
}

export function LessonsIndex() {
  const [progress, setProgress] = useState<Progress>(() => loadProgress());
  const parts = Object.keys(PARTS) as LessonInfo['part'][];
  const any = Object.values(progress).some((p) => p.seen.length > 0);
  return (
    <main className="lessons-index" id="content">
      <header className="lesson-head">
        <h1>Learn how sandboxes and virtual machines talk to their devices</h1>
        <p>
          Each lesson is a few short steps beside a live, deterministic model. You move the model, you predict what it
          does next, and it tells you whether you were right and why. Start at lesson 1, or jump to what you need: every
          lesson says what it builds on. The instruments the lessons come from are in the bar above. Unfamiliar words
          are underlined in the lessons and explained in the <a href={GLOSSARY_PATH}>glossary</a>.
        </p>
      </header>
      {parts.map((part) => {
        const ls = LESSONS.filter((l) => l.part === part);
        if (ls.length === 0) return null;
        return (
          <section key={part} aria-labelledby={`part-${part}`}>
            <h2 id={`part-${part}`}>{PARTS[part]}</h2>
            <ol className="lesson-cards">
              {ls.map((l) => (
                <Card key={l.id} l={l} progress={progress} />
              ))}
            </ol>
          </section>
        );
      })}
      {any && (
        <p>
          <button type="button" className="ghost-btn" onClick={() => setProgress(resetProgress())}>
            Forget my progress
          </button>
        </p>
      )}
    </main>
  );
}
