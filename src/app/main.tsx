import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { loadFromLocation, store } from './appStore';
import { installHook, startPlayLoop, startUrlSync } from './runtime';
import './styles.css';

loadFromLocation();
startPlayLoop(store);
startUrlSync(store);
installHook(store);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
