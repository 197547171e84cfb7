import { isIP, isInt, ValidateBy, type ValidationOptions } from 'class-validator';

const HOPS = /^\d{1,2}$/;

/** An address, or a CIDR range such as 10.0.0.0/8 or fd00::/8. */
function isAddressOrRange(text: string): boolean {
  const [address = '', prefix, ...rest] = text.split('/');
  if (rest.length > 0 || !isIP(address)) return false;
  if (prefix === undefined) return true;
  const bits = address.includes(':') ? 128 : 32;
  return isInt(Number(prefix)) && /^\d+$/.test(prefix) && Number(prefix) <= bits;
}

/** A count of proxies (1 to 99), or addresses and CIDR ranges separated by commas: what Fastify's trustProxy takes. */
export function isProxyTrust(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  if (HOPS.test(value)) return Number(value) >= 1;
  return value.split(',').every((part) => isAddressOrRange(part.trim()));
}

/** As Fastify reads it: a number trusts that many hops, a list those addresses. */
export const proxyTrustOf = (value: string): number | string => (HOPS.test(value) ? Number(value) : value);

export function IsProxyTrust(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isProxyTrust',
      validator: {
        validate: isProxyTrust,
        defaultMessage: () =>
          'TRUST_PROXY must be how many proxies are in front (such as 1), or their addresses or CIDR ranges ' +
          '(such as 10.0.0.5,10.1.0.0/16), separated by commas',
      },
    },
    options,
  );
}
