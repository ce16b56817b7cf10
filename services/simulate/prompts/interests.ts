/**
 * Everyday interests people bring to a chat assistant. Phrases are written to slot into casual
 * templates: `tasks` after "how do I", `things` as objects, `situations` as first-person
 * statements, `requests` after "give me" or "write me".
 */
export interface Interest {
  name: string;
  things: readonly string[];
  tasks: readonly string[];
  situations: readonly string[];
  requests: readonly string[];
}

export const INTERESTS: readonly Interest[] = [
  {
    name: 'cooking',
    things: ['sourdough', 'chicken thighs', 'a cast iron pan', 'risotto', 'tofu', 'leftover rice', 'puff pastry', 'a slow cooker', 'miso', 'frozen shrimp', 'banana bread', 'chickpeas', 'an air fryer', 'kimchi'],
    tasks: ['keep pasta from sticking', 'make my curry less spicy', 'cook rice without a rice cooker', 'get crispy skin on salmon', 'substitute eggs in baking', 'thicken a sauce without flour', 'meal prep for a week on a budget', 'make pizza dough rise faster', 'season a cast iron pan', 'make cold brew at home'],
    situations: ['my bread keeps coming out dense', 'I accidentally added too much salt to the soup', 'my cookies spread flat in the oven', 'I have people coming over in 2 hours and only have pasta and some vegetables', 'my roommate is vegan and I want to cook for her', 'the recipe says buttermilk but I don\'t have any'],
    requests: ['a dinner idea with what I have: eggs, spinach, feta and potatoes', 'a weekly meal plan that is high in protein', 'a shopping list for a taco night for 8 people', 'a quick breakfast that is not oatmeal', 'a recipe for a birthday cake without an oven', 'three easy lunches I can bring to work'],
  },
  {
    name: 'travel',
    things: ['a JR pass', 'carry-on luggage', 'a Schengen visa', 'travel insurance', 'a layover in Doha', 'a night train', 'the Amalfi coast', 'Lisbon', 'hostels', 'a road trip through Utah', 'Kyoto in autumn', 'Mexico City'],
    tasks: ['pack for two weeks with only a backpack', 'get from the airport to the city centre in Rome', 'avoid jet lag', 'find cheap flights to Tokyo', 'plan a honeymoon on a budget', 'travel with a toddler on a long flight', 'get around Berlin without a car'],
    situations: ['my flight got cancelled and the airline won\'t rebook me', 'I lost my passport in Barcelona', 'I have a 9 hour layover in Istanbul', 'I\'m going to Iceland in March and have no idea what to wear', 'my friend and I can\'t agree between Portugal and Greece'],
    requests: ['a 5 day itinerary for Japan', 'a packing list for a beach holiday', 'a 3 day plan for Paris with kids', 'some tips for a solo trip to Vietnam', 'ideas for a weekend getaway near Chicago', 'a budget for a month backpacking in South America'],
  },
  {
    name: 'fitness',
    things: ['creatine', 'a push pull legs split', 'running shoes', 'resistance bands', 'a 5k', 'deadlifts', 'protein powder', 'yoga', 'a half marathon', 'kettlebells', 'a rowing machine', 'zone 2 cardio'],
    tasks: ['start running as a complete beginner', 'do a proper squat', 'lose belly fat', 'build muscle at home without equipment', 'stay motivated to work out', 'stretch before a run', 'fix my posture from sitting all day', 'train for a marathon in 16 weeks'],
    situations: ['my knees hurt after running', 'I\'ve been lifting for 6 months and stopped making progress', 'I only have 20 minutes a day to exercise', 'I\'m 45 and haven\'t worked out in years', 'my lower back is sore after deadlifts'],
    requests: ['a 4 week workout plan for beginners', 'a home workout with just dumbbells', 'a couch to 5k schedule', 'a stretching routine for the morning', 'a gym plan for 3 days a week'],
  },
  {
    name: 'personal finance',
    things: ['a Roth IRA', 'an emergency fund', 'credit card debt', 'index funds', 'a mortgage', 'my credit score', 'a high-yield savings account', 'student loans', 'a 401k match', 'a budget spreadsheet', 'taxes as a freelancer'],
    tasks: ['start investing with $500', 'pay off credit card debt faster', 'make a budget that I actually stick to', 'improve my credit score', 'save for a house deposit', 'negotiate a raise', 'split bills fairly with my partner'],
    situations: ['I just got my first real job and have no idea what to do with my salary', 'I have $8000 in credit card debt at 24% interest', 'my landlord is raising the rent by 15%', 'I inherited some money from my grandma', 'I keep overspending on food delivery'],
    requests: ['a simple monthly budget for a $3500 income', 'a plan to pay off my debt', 'a list of questions to ask a financial advisor', 'a savings plan for a trip next summer'],
  },
  {
    name: 'pets',
    things: ['a puppy', 'an older cat', 'a rescue dog', 'cat litter', 'a crate', 'dog food', 'a hamster', 'a fish tank', 'flea treatment', 'a leash', 'a bearded dragon'],
    tasks: ['crate train a puppy', 'stop my cat from scratching the couch', 'introduce a new cat to my dog', 'trim my dog\'s nails', 'get my dog to stop pulling on the leash', 'set up a tank for a betta fish'],
    situations: ['my dog keeps barking at night', 'my cat stopped eating her food', 'my puppy bites everything', 'my dog is scared of fireworks', 'my cat keeps throwing up after eating', 'we\'re moving and I\'m worried about my cat'],
    requests: ['a list of names for a grey kitten', 'a checklist for bringing home a new puppy', 'ideas for keeping an indoor cat entertained', 'a feeding schedule for a 3 month old puppy'],
  },
  {
    name: 'gardening',
    things: ['tomato plants', 'a monstera', 'succulents', 'raised beds', 'compost', 'a fiddle leaf fig', 'basil', 'hydrangeas', 'a lawn', 'aphids', 'potting soil'],
    tasks: ['keep my basil alive', 'start a vegetable garden', 'get rid of aphids naturally', 'repot a snake plant', 'grow tomatoes on a balcony', 'make compost in an apartment', 'propagate pothos'],
    situations: ['my monstera leaves are turning yellow', 'something is eating my lettuce', 'my succulents are getting tall and leggy', 'my lawn has brown patches', 'I have a north facing window'],
    requests: ['a list of easy plants for beginners', 'a planting calendar for zone 7', 'ideas for a small shady garden', 'low maintenance plants for an office'],
  },
  {
    name: 'parenting',
    things: ['a toddler', 'screen time', 'bedtime routines', 'a teenager', 'potty training', 'homework', 'daycare', 'a newborn', 'allowance', 'picky eating'],
    tasks: ['get my toddler to sleep through the night', 'talk to my kid about bullying', 'potty train a 2 year old', 'limit screen time without fights', 'help my son with his reading', 'prepare my daughter for a new sibling'],
    situations: ['my 3 year old has tantrums every morning', 'my teenager won\'t talk to me', 'my son is struggling with math', 'my baby only naps for 30 minutes', 'my kids fight all the time'],
    requests: ['ideas for a rainy day with kids', 'a chore chart for a 7 year old', 'a bedtime story about a brave turtle', 'birthday party games for 6 year olds', 'a list of books for a 10 year old who loves dragons'],
  },
  {
    name: 'gaming',
    things: ['Elden Ring', 'a gaming PC build', 'Minecraft redstone', 'Baldur\'s Gate 3', 'a Steam Deck', 'Stardew Valley', 'Zelda Tears of the Kingdom', 'a mechanical keyboard', 'Valorant', 'Civilization VI', 'a D&D campaign'],
    tasks: ['beat Malenia in Elden Ring', 'build a gaming PC for $1000', 'get better at aiming in FPS games', 'start a D&D campaign for friends', 'make an automatic farm in Minecraft', 'reduce input lag'],
    situations: ['my PC stutters in every game', 'I\'m stuck on the water temple', 'my friends want to play something co-op', 'I keep losing ranked matches'],
    requests: ['a backstory for my tiefling warlock', 'ideas for a D&D one-shot', 'a list of cozy games like Stardew', 'names for a Minecraft server', 'a villain for my campaign'],
  },
  {
    name: 'movies and tv',
    things: ['Breaking Bad', 'the Dune movies', 'Studio Ghibli films', 'the Marvel timeline', 'Succession', 'horror movies', 'anime', 'The Office', 'Christopher Nolan films', 'documentaries'],
    tasks: ['watch the Star Wars movies in order', 'get into anime', 'find something to watch with my parents'],
    situations: ['I just finished The Bear and need something similar', 'my girlfriend and I can never agree on a movie', 'I didn\'t understand the ending of Inception'],
    requests: ['a list of movies like Interstellar', 'recommendations for a scary but not gory movie', 'a watch list for a Halloween marathon', 'some feel-good shows'],
  },
  {
    name: 'music',
    things: ['a guitar', 'music theory', 'Taylor Swift', 'a home studio', 'jazz', 'vinyl records', 'a piano', 'Ableton', 'headphones', 'ukulele'],
    tasks: ['learn guitar as an adult', 'write a chorus', 'mix vocals in Ableton', 'practice piano without getting bored', 'tune a guitar by ear'],
    situations: ['my fingers hurt when I play guitar', 'I want to get into jazz but don\'t know where to start', 'I\'ve been stuck on the same song for weeks'],
    requests: ['lyrics for a song about missing home', 'a playlist for a road trip', 'a practice schedule for learning piano', 'chord progressions that sound sad'],
  },
  {
    name: 'books',
    things: ['fantasy novels', 'Brandon Sanderson', 'a book club', 'audiobooks', 'classic literature', 'self-help books', 'a Kindle', 'mystery novels', 'poetry'],
    tasks: ['read more books', 'start a book club', 'get into classics'],
    situations: ['I just finished Project Hail Mary and loved it', 'I keep starting books and not finishing them', 'my book club picks are always depressing'],
    requests: ['books similar to The Name of the Wind', 'a reading list for the summer', 'discussion questions for Circe', 'short books I can finish in a weekend'],
  },
  {
    name: 'home and diy',
    things: ['a leaky faucet', 'drywall', 'mould in the bathroom', 'a smart thermostat', 'paint colours', 'a squeaky door', 'IKEA furniture', 'a garbage disposal', 'laminate flooring', 'a dehumidifier'],
    tasks: ['fix a running toilet', 'patch a hole in drywall', 'get rid of mould in the shower', 'paint a room without streaks', 'unclog a drain without chemicals', 'hang shelves on a plaster wall', 'lower my electricity bill'],
    situations: ['my apartment is always cold', 'there is a weird smell from the washing machine', 'water is dripping from the ceiling', 'my landlord won\'t fix the heating', 'the breaker keeps tripping'],
    requests: ['a cleaning schedule for a 2 bedroom flat', 'ideas to make a small living room feel bigger', 'a moving checklist', 'a list of tools every home should have'],
  },
  {
    name: 'cars',
    things: ['an electric car', 'a used Honda Civic', 'brake pads', 'tire pressure', 'a check engine light', 'car insurance', 'a hybrid', 'winter tires', 'an oil change'],
    tasks: ['jump start a car', 'negotiate when buying a used car', 'change a flat tire', 'improve my gas mileage', 'get rid of the smell in my car'],
    situations: ['my car makes a grinding noise when I brake', 'the check engine light came on', 'I\'m choosing between a Tesla and a Prius', 'my battery keeps dying'],
    requests: ['a checklist for inspecting a used car', 'questions to ask a mechanic', 'a comparison of small SUVs'],
  },
  {
    name: 'career',
    things: ['a cover letter', 'my resume', 'a job interview', 'a LinkedIn profile', 'a career change', 'a performance review', 'a promotion', 'a job offer', 'remote work', 'a difficult manager'],
    tasks: ['answer "what is your biggest weakness"', 'switch careers into tech', 'ask for a raise', 'write a resignation letter', 'prepare for a behavioural interview', 'network when I\'m introverted'],
    situations: ['I have an interview tomorrow for a marketing job', 'my boss takes credit for my work', 'I got two job offers and can\'t decide', 'I was laid off last week', 'I\'m burned out at work'],
    requests: ['a cover letter for a junior data analyst role', 'a polite email declining a job offer', 'bullet points for my resume about managing a team', 'a LinkedIn summary for a nurse moving into UX design', 'questions to ask at the end of an interview'],
  },
  {
    name: 'health',
    things: ['sleep', 'headaches', 'back pain', 'anxiety', 'caffeine', 'vitamin D', 'allergies', 'a cold', 'blood pressure', 'melatonin', 'meditation'],
    tasks: ['fall asleep faster', 'reduce stress', 'stop snacking at night', 'drink more water', 'get rid of a cold quickly', 'deal with seasonal allergies'],
    situations: ['I wake up at 3am every night', 'I get headaches every afternoon', 'I\'ve had a cough for two weeks', 'I feel anxious before meetings', 'my eyes hurt after work'],
    requests: ['a calming bedtime routine', 'a list of healthy snacks', 'a 10 minute meditation script', 'questions to ask my doctor about my blood test'],
  },
  {
    name: 'tech help',
    things: ['my iPhone', 'a Windows laptop', 'wifi', 'a printer', 'Google Drive', 'a password manager', 'Excel', 'my router', 'an external hard drive', 'Bluetooth headphones', 'a VPN'],
    tasks: ['free up storage on my phone', 'make my laptop faster', 'fix slow wifi', 'recover deleted photos', 'set up a password manager for my parents', 'make a pivot table in Excel', 'use VLOOKUP', 'back up my photos'],
    situations: ['my laptop fan is really loud', 'my printer says offline', 'I forgot my Apple ID password', 'my phone battery drains really fast', 'Excel keeps crashing when I open a big file'],
    requests: ['an Excel formula to count cells that contain "yes"', 'steps to set up a new router', 'a comparison of cheap laptops for students', 'a script to rename all files in a folder'],
  },
  {
    name: 'language learning',
    things: ['Spanish', 'Japanese kanji', 'French verbs', 'Duolingo', 'German grammar', 'Korean', 'Italian', 'flashcards', 'the subjunctive'],
    tasks: ['learn Spanish in 6 months', 'remember kanji', 'practice speaking without a partner', 'understand fast French speakers', 'use the subjunctive correctly'],
    situations: ['I\'m moving to Germany in 3 months', 'I can read Spanish but I freeze when speaking', 'I keep mixing up por and para'],
    requests: ['a study plan for Japanese N5', 'a list of common Italian phrases for travel', 'simple sentences using the French passé composé', 'a short dialogue at a restaurant in Spanish'],
  },
  {
    name: 'relationships',
    things: ['a first date', 'a long distance relationship', 'a breakup', 'a wedding toast', 'an anniversary', 'a friendship', 'my in-laws', 'a roommate'],
    tasks: ['make friends in a new city', 'apologise to my girlfriend', 'set boundaries with my parents', 'deal with a jealous friend', 'plan a surprise for my wife'],
    situations: ['my best friend forgot my birthday', 'my roommate never cleans', 'I think my partner is losing interest', 'my sister and I haven\'t talked in a year', 'I have to give a speech at my brother\'s wedding'],
    requests: ['ideas for a cheap anniversary date', 'a wedding toast for my best friend', 'a message to reconnect with an old friend', 'a birthday poem for my mom', 'a funny card message for a coworker leaving'],
  },
  {
    name: 'sports',
    things: ['the offside rule', 'fantasy football', 'the NBA playoffs', 'tennis serves', 'the Champions League', 'golf swing', 'cricket', 'the Tour de France', 'Formula 1'],
    tasks: ['improve my tennis serve', 'get better at golf', 'pick a fantasy football team', 'understand cricket'],
    situations: ['I just started watching F1 and don\'t get the tyre strategy', 'my friends are all into baseball and I\'m lost'],
    requests: ['a simple explanation of the offside rule', 'a training plan for a 5 a side team', 'names for a fantasy league team'],
  },
];
