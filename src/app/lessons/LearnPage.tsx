/**
 * The teaching site's entry (/learn…): the course map, or one lesson at one step. Moving between
 * steps changes the address without reloading; Back and Forward move back through them.
 */
import { useCallback, useEffect, useState } from 'react';
import { findLesson, LESSONS, loadSteps } from './catalog';
import { GlossaryPage } from './GlossaryPage';
import { LessonsIndex } from './LessonsIndex';
import { LessonView } from './LessonView';
import { parseLessonLocation } from './lesson-url';
import type { LessonStep } from './types';
import './lessons.css';

function useLocation() {
  const [loc, setLoc] = useState(() => ({ pathname: location.pathname, search: location.search }));
  useEffect(() => {
    const on = () => setLoc({ pathname: location.pathname, search: location.search });
    window.addEventListener('popstate', on);
    return () => window.removeEventListener('popstate', on);
  }, []);
  const navigate = useCallback((href: string, replace = false) => {
    if (replace) history.replaceState(null, '', href);
    else history.pushState(null, '', href);
    setLoc({ pathname: location.pathname, search: location.search });
    if (!replace) window.scrollTo({ top: 0 });
  }, []);
  return { ...loc, navigate };
}

export default function LearnPage() {
  const { pathname, search, navigate } = useLocation();
  const loc = parseLessonLocation(pathname, search);
  const info = loc.lesson ? findLesson(loc.lesson) : undefined;
  const [loaded, setLoaded] = useState<{ id: string; steps: LessonStep[] } | null>(null);
  const [failed, setFailed] = useState<string | null>(null);

  useEffect(() => {
    if (!info || loaded?.id === info.id) return;
    let live = true;
    loadSteps(info.id).then(
      (m) => live && setLoaded({ id: info.id, steps: m.steps }),
      (e: unknown) => live && setFailed(e instanceof Error ? e.message : String(e)),
    );
    return () => {
      live = false;
    };
  }, [info, loaded]);

  useEffect(() => {
    document.title = info
      ? `${info.title} · Ringside lessons`
      : loc.lesson === 'glossary'
        ? 'Glossary · Ringside lessons'
        : 'Lessons · Ringside';
  }, [info, loc.lesson]);

  if (!loc.lesson) return <LessonsIndex />;
  if (loc.lesson === 'glossary') return <GlossaryPage />;
  if (!info) {
    return (
      <main className="lesson" id="content">
        <h1>No lesson “{loc.lesson}”</h1>
        <p>
          The link names a lesson that does not exist. <a href="/">See every lesson</a>.
        </p>
      </main>
    );
  }
  if (failed) {
    return (
      <main className="lesson" id="content">
        <h1>{info.title}</h1>
        <p role="alert">The lesson could not be loaded: {failed}</p>
      </main>
    );
  }
  if (!loaded || loaded.id !== info.id) {
    return (
      <main className="lesson boot" id="content">
        <p>Loading “{info.title}”…</p>
      </main>
    );
  }
  const next = LESSONS[LESSONS.indexOf(info) + 1];
  return <LessonView info={info} next={next} steps={loaded.steps} loc={loc} navigate={navigate} />;
}
