/** The regions the business sells in: the static partition dimension and the `dim/regions` table. */
export const REGIONS = [
  { region: 'amer', name: 'Americas', utc_offset_hours: -5 },
  { region: 'apac', name: 'Asia-Pacific', utc_offset_hours: 8 },
  { region: 'emea', name: 'Europe, Middle East & Africa', utc_offset_hours: 1 },
] as const;

/** The product catalog (prices in cents, so every sum is exact). */
export const PRODUCTS = [
  { sku: 'KB-01', name: 'Keyboard', category: 'peripherals', unit_price_cents: 4_900 },
  { sku: 'MS-02', name: 'Mouse', category: 'peripherals', unit_price_cents: 2_500 },
  { sku: 'MN-27', name: '27" monitor', category: 'displays', unit_price_cents: 32_900 },
  { sku: 'MN-32', name: '32" monitor', category: 'displays', unit_price_cents: 45_000 },
  { sku: 'DK-10', name: 'Standing desk', category: 'furniture', unit_price_cents: 59_900 },
  { sku: 'CH-20', name: 'Office chair', category: 'furniture', unit_price_cents: 27_500 },
] as const;
