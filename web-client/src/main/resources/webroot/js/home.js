// The landing page: only the language switch.
import { applyI18n, installLangToggle } from './i18n.js';
import { $ } from './dom.js';

applyI18n();
installLangToggle($('#lang-toggle'));
