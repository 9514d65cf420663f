import { legendHtml } from '@pulseboard/netlab/report/legend';

// The one legend of the lab: the HTML report prints the same markup (packages/netlab
// report/legend.ts), so a symbol means the same thing on screen and in a CI artifact.
const html = legendHtml();

export function Legend() {
  return <div className="legend-host" dangerouslySetInnerHTML={{ __html: html }} />;
}
