import { isIP, ValidateBy, type ValidationOptions } from 'class-validator';
import isIPRange from 'validator/lib/isIPRange';

/** proxy-addr's names for ranges (Fastify's trustProxy): a Compose network is in `uniquelocal`. */
const NAMED_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** An address, a CIDR range such as 10.0.0.0/8 or fd00::/8, or one of the names. */
const isAddressOrRange = (text: string): boolean => NAMED_RANGES.has(text) || isIP(text) || isIPRange(text);

/**
 * The proxies trusted to say who the client is: addresses and ranges only. A count of hops
 * trusts whoever reaches the server directly (Fastify 5.12 itself reads one as "no one").
 */
export function isProxyTrust(value: unknown): boolean {
  return typeof value === 'string' && value.split(',').every((part) => isAddressOrRange(part.trim()));
}

export function IsProxyTrust(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isProxyTrust',
      validator: {
        validate: isProxyTrust,
        defaultMessage: () =>
          'TRUST_PROXY must be the addresses or CIDR ranges of the proxies in front (such as ' +
          '10.0.0.5,10.1.0.0/16), or loopback, linklocal or uniquelocal, separated by commas',
      },
    },
    options,
  );
}
