/** The demo server's version: the project's, from package.json. */
import packageJson from '../../package.json' with {type: 'json'};

export const VERSION: string = packageJson.version;
