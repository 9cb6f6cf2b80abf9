/**
 * `npm run demo`: plays the e:Presence story of {@link runDemo} on the console.
 *
 * @module
 */
import { runDemo } from './story';

await runDemo((line) => console.log(line));
