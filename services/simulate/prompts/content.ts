import type { Rng } from '../rng';
import { person } from './people';
import { capitalize, expand } from './text';

/**
 * Short real-world texts: product reviews, news snippets and support tickets. Pipelines classify
 * and summarise them, people paste them, distillers translate them.
 */

const PRODUCTS = ['wireless earbuds', 'blender', 'office chair', 'air fryer', 'hotel room', 'running shoes', 'phone case', 'espresso machine', 'laptop stand', 'vacuum cleaner', 'yoga mat', 'backpack', 'smart watch', 'mattress', 'restaurant', 'e-reader', 'electric toothbrush', 'desk lamp', 'rain jacket', 'kids\' tablet', 'meal kit subscription', 'car seat', 'projector', 'moisturiser'];
const ASPECTS = ['battery life', 'build quality', 'delivery', 'customer service', 'price', 'the instructions', 'noise level', 'comfort', 'the app', 'packaging', 'size', 'sound quality', 'the staff', 'cleanliness', 'durability', 'the return process', 'setup', 'colour'];
const GOOD = ['is amazing', 'exceeded my expectations', 'is better than I thought', 'works perfectly', 'is solid for the money', 'is really nice', 'was super quick'];
const BAD = ['is terrible', 'stopped working after two weeks', 'is a joke', 'was a nightmare', 'is way worse than advertised', 'broke on day one', 'was completely useless'];
const MEH = ['is ok I guess', 'is fine but nothing special', 'is average', 'does the job', 'could be better'];

/** A customer review with a mix of praise and complaint, 1-5 sentences. */
export function review(rng: Rng): string {
  const product = rng.pick(PRODUCTS);
  const mood = rng.pick([GOOD, BAD, MEH, GOOD, BAD]);
  const sentences = [
    expand(rng, '[Bought this|Got the|Ordered the|Tried the|Picked up this|Been using the] {product} [last week|a month ago|for my daughter|on sale|after reading reviews|for my trip|since March].', { product: [product] }),
  ];
  for (let i = rng.int(1, 4); i > 0; i--) {
    sentences.push(capitalize(`${rng.pick(ASPECTS)} ${rng.pick(rng.chance(0.75) ? mood : rng.pick([GOOD, BAD, MEH]))}${rng.pick(['.', '.', '!', '...', ' tbh.'])}`));
  }
  if (rng.chance(0.5)) sentences.push(rng.pick(['Would buy again.', 'Returning it.', 'Not recommended.', '5 stars.', '2/5.', 'Meh.', 'Overall happy.', 'Would not stay here again.', 'Do not buy!!']));
  return sentences.join(' ');
}

const ORGS = ['the city council', 'Northwind Energy', 'the central bank', 'a regional hospital network', 'the university', 'Helix Biotech', 'the transport ministry', 'a local school board', 'Orbital Freight', 'the national weather service', 'FC Riverside', 'the parliament', 'a coalition of farmers', 'Brightline Software', 'the health agency', 'museum curators'];
const ACTIONS = ['announced', 'approved', 'rejected', 'postponed', 'unveiled', 'launched an inquiry into', 'signed', 'cut funding for', 'reported record figures for', 'warned about', 'completed', 'settled a lawsuit over'];
const OBJECTS = ['a new light rail line', 'its quarterly earnings', 'a trial of a malaria vaccine', 'a heat-wave emergency plan', 'the merger with a rival', 'a four-day school week', 'a carbon tax', 'plans for an offshore wind farm', 'the stadium renovation', 'rising rents', 'a data breach affecting customers', 'a ban on short-term rentals', 'the championship final', 'an AI model for radiology', 'a drought relief package'];
const PLACES = ['in Lisbon', 'in northern Ohio', 'across the region', 'in Nairobi', 'in the capital', 'near Osaka', 'in rural Queensland', 'in Manchester', 'in São Paulo', 'on Tuesday', 'after months of delays', 'amid protests'];
const DETAILS = ['Officials said the decision would take effect next year.', 'Critics called the move rushed.', 'Shares rose 4% in early trading.', 'The project is expected to cost $2.3 billion.', 'Residents have until March to comment.', 'A spokesperson declined to comment.', 'Scientists cautioned that the results are preliminary.', 'The vote passed 7 to 2.', 'Thousands of commuters are affected.', 'Analysts expect further cuts.', 'The team had not won the title since 1998.'];

/** One to three sentences of a news item, on any subject. */
export function newsSnippet(rng: Rng): string {
  const lead = capitalize(`${rng.pick(ORGS)} ${rng.pick(ACTIONS)} ${rng.pick(OBJECTS)} ${rng.pick(PLACES)}.`);
  return [lead, ...rng.sample(DETAILS, rng.int(0, 2))].join(' ');
}

const TICKET_PROBLEMS = ['I was charged twice', 'the app crashes when I open settings', 'my package says delivered but it is not here', 'I can\'t log in after resetting my password', 'the discount code didn\'t apply', 'my subscription renewed even though I cancelled', 'the invoice has the wrong company name', 'export to PDF is broken', 'I never received the confirmation email', 'the item arrived damaged', 'two-factor codes are not arriving', 'my account got locked'];
const TICKET_ASKS = ['Please refund me.', 'Can someone call me?', 'This is urgent, we have a deadline Friday.', 'Please fix asap.', 'What are my options?', 'I want to cancel my account.', 'Is this a known issue?', 'Thanks in advance.'];

/** A customer support message. */
export function supportTicket(rng: Rng): string {
  const p = person(rng);
  return expand(rng, '[Hi,|Hello,|Hey team,|To whom it may concern,|] [I ordered|I signed up for|I bought|I upgraded to] {thing} [on the 3rd|last month|yesterday|two weeks ago] and {problem}. [Order|Ticket|Account] #{num}. {ask} [Regards, {name}|Thanks|{name}|]', {
    thing: ['your premium plan', 'a pair of headphones', 'the team workspace', 'a monthly box', 'two licences', 'the annual subscription', 'a replacement part'],
    problem: TICKET_PROBLEMS,
    num: () => String(rng.int(10000, 9999999)),
    ask: TICKET_ASKS,
    name: [p.name],
  });
}
