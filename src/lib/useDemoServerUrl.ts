import useDocusaurusContext from '@docusaurus/useDocusaurusContext';
import {DEFAULT_DEMO_SERVER_URL} from './siteConfig.ts';

/** The demo server's base URL this build was made for (`customFields.demoServerUrl`). */
export function useDemoServerUrl(): string {
  const {siteConfig} = useDocusaurusContext();
  const value = siteConfig.customFields?.demoServerUrl;
  return typeof value === 'string' ? value : DEFAULT_DEMO_SERVER_URL;
}
