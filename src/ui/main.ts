import { mount } from 'svelte';
import HallGate from './hall/HallGate.svelte';
import './app.css';

// HallGate shows App at once on a counter's own database, after the sign-in in a service hall.
mount(HallGate, { target: document.getElementById('app')! });
