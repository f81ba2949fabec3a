import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
// React Flow's structural CSS first, then Baton's look on top.
import '@xyflow/react/dist/base.css';
import './styles.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
