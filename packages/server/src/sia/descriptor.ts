// The DataLink service descriptor that follows an SIA result (DataLink 1.1 §4, "Service Descriptors"): a RESOURCE
// type="meta" utype="adhoc:service" naming the {links} endpoint of this server by its standardID, with one input
// parameter ID whose value comes from the obs_publisher_did column of each row (PARAM ref= that FIELD's ID). pyvo's
// getdatalink() follows it, so clients need not know where /datalink lives.
import { escapeAttr } from '@obscura/votable';

/** The ID given to the obs_publisher_did FIELD, referenced by the descriptor's ID parameter. */
export const PUBLISHER_DID_FIELD_ID = 'obs_publisher_did';

export const DATALINK_LINKS_STANDARD_ID = 'ivo://ivoa.net/std/DataLink#links-1.1';

export function datalinkDescriptorResource(linksUrl: string): string {
  return (
    '<RESOURCE type="meta" utype="adhoc:service" name="datalink">\n' +
    '<DESCRIPTION>DataLink 1.1 links of each product: the file, its auxiliary files, previews, SODA cutouts, a package</DESCRIPTION>\n' +
    `<PARAM name="standardID" datatype="char" arraysize="*" value="${DATALINK_LINKS_STANDARD_ID}"/>\n` +
    `<PARAM name="accessURL" datatype="char" arraysize="*" value="${escapeAttr(linksUrl)}"/>\n` +
    '<GROUP name="inputParams">\n' +
    `<PARAM name="ID" datatype="char" arraysize="*" value="" ref="${PUBLISHER_DID_FIELD_ID}" ucd="meta.id;meta.main"/>\n` +
    '</GROUP>\n' +
    '</RESOURCE>\n'
  );
}
