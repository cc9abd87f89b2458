import { mount } from 'svelte';
import HallGate from './hall/HallGate.svelte';
import './app.css';

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');
// HallGate shows App at once on a counter's own database, after the sign-in in a service hall.
mount(HallGate, { target });
