// The smallest React app (React + ReactDOM rendering one element): the size floor the panel
// is compared with in bench:panel.
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';

createRoot(globalThis.document.getElementById('root')).render(createElement('p', null, 'hello'));
