/** /learn/glossary: every term the lessons mark, grouped, each with an anchor and the lesson that shows it. */
import { findLesson } from './catalog';
import { GLOSSARY, type GlossaryEntry } from './glossary';
import { lessonHref } from './lesson-url';

const AREAS: Record<GlossaryEntry['area'], string> = {
  virtio: 'Virtio',
  gvisor: 'gVisor',
  os: 'Operating system',
};

export function GlossaryPage() {
  const areas = Object.keys(AREAS) as GlossaryEntry['area'][];
  return (
    <main className="lesson glossary" id="content">
      <nav className="lesson-crumbs" aria-label="Where you are">
        <a href="/">Lessons</a> › Glossary
      </nav>
      <h1>Glossary</h1>
      <p className="muted">The words the lessons use, each with the lesson where you see it at work.</p>
      {areas.map((a) => (
        <section key={a} aria-labelledby={`gl-${a}`}>
          <h2 id={`gl-${a}`}>{AREAS[a]}</h2>
          <dl className="glossary-list">
            {GLOSSARY.filter((g) => g.area === a).map((g) => {
              const l = g.lesson ? findLesson(g.lesson) : undefined;
              return (
                <div key={g.id} id={g.id} className="glossary-entry" data-testid={`gl-${g.id}`}>
                  <dt>{g.term}</dt>
                  <dd>
                    {g.short} {g.more}
                    {l && (
                      <>
                        {' '}
                        <a href={lessonHref(l.id)}>
                          Seen in lesson {l.number}, {l.title}
                        </a>
                        .
                      </>
                    )}
                  </dd>
                </div>
              );
            })}
          </dl>
        </section>
      ))}
    </main>
  );
}
